package io.kurado.core.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kurado.api.KuradoException;
import io.kurado.api.MetricKey;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * How one node asks another for a series: the paths and parameters of the web UI's internal
 * {@code /-/series/*} pages, and their JSON answers. Numbers are written so that they read back
 * exactly (a graph drawn from a remote series is the graph its holder draws); an unknown point is
 * {@code null}, an infinite one {@code "inf"} or {@code "-inf"}.
 *
 * <ul>
 *   <li>{@code GET /-/series/read?address=&plugin=&key=&cf=&start=&end=&resolution=&detail=} →
 *       {@code {"exists":true,"start":1700000000,"step":60,"values":[1.5,null,...]}} or {@code {"exists":false}};
 *       {@code start} and {@code end} are ISO-8601 instants, {@code resolution} an ISO-8601 duration;
 *   <li>{@code GET /-/series/last?address=&plugin=&key=} → {@code {"last":1700000000}} or {@code {"last":null}};
 *   <li>{@code GET /-/series/keys?address=&plugin=} → {@code {"keys":["cpu-user.derive",...]}}.
 * </ul>
 *
 * A node answers these only for hosts it holds; for another it answers 421 (misdirected), so the
 * asker tries the next holder.
 */
public final class SeriesWire {
    /** Reads a series over a window. */
    public static final String READ = "/-/series/read";
    /** Tells a series' last update. */
    public static final String LAST = "/-/series/last";
    /** Lists a host plugin's keys. */
    public static final String KEYS = "/-/series/keys";

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SeriesWire() {}

    /**
     * @param q a query
     * @return the path and query string that asks a node for it
     */
    public static String read(SeriesQuery q) {
        SeriesRef s = q.series();
        return READ + PeerClient.query("address", s.address(), "plugin", s.escapedPlugin(), "key", s.key().toString(),
                "cf", q.function().name(), "start", q.start().toString(), "end", q.end().toString(),
                "resolution", q.resolution().toString(), "detail", q.detail().name());
    }

    /**
     * @param s a series
     * @return the path and query string that asks a node for its last update
     */
    public static String last(SeriesRef s) {
        return LAST + PeerClient.query("address", s.address(), "plugin", s.escapedPlugin(), "key", s.key().toString());
    }

    /**
     * @param address a host
     * @param escapedPlugin its plugin, escaped
     * @return the path and query string that asks a node for the plugin's keys
     */
    public static String keys(String address, String escapedPlugin) {
        return KEYS + PeerClient.query("address", address, "plugin", escapedPlugin);
    }

    /**
     * @param param a request's single-valued parameters
     * @return the query they ask for
     * @throws IllegalArgumentException naming the parameter that is missing or wrong
     */
    public static SeriesQuery parseRead(Function<String, Optional<String>> param) {
        SeriesRef ref = parseSeries(param);
        try {
            return new SeriesQuery(ref, Consolidation.valueOf(required(param, "cf").toUpperCase(Locale.ROOT)),
                    Instant.parse(required(param, "start")), Instant.parse(required(param, "end")),
                    Duration.parse(required(param, "resolution")),
                    Detail.valueOf(param.apply("detail").orElse(Detail.RESOLUTION.name()).toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("start, end or resolution is not an ISO-8601 instant or duration: " + e.getParsedString());
        }
    }

    /**
     * @param param a request's single-valued parameters
     * @return the series they name
     * @throws IllegalArgumentException naming the parameter that is missing or wrong
     */
    public static SeriesRef parseSeries(Function<String, Optional<String>> param) {
        String key = required(param, "key");
        MetricKey k = MetricKey.parse(key).orElseThrow(() -> new IllegalArgumentException("'" + key + "' is not a metric key"));
        return new SeriesRef(required(param, "address"), required(param, "plugin"), k);
    }

    /**
     * @param param a request's single-valued parameters
     * @param name a parameter
     * @return its value
     * @throws IllegalArgumentException when it is missing
     */
    public static String required(Function<String, Optional<String>> param, String name) {
        return param.apply(name).orElseThrow(() -> new IllegalArgumentException("missing parameter '" + name + "'"));
    }

    /**
     * @param data a series' points, or empty when it does not exist
     * @return the answer to {@link #READ}
     */
    public static String data(Optional<SeriesData> data) {
        return json(g -> {
            g.writeStartObject();
            g.writeBooleanField("exists", data.isPresent());
            if (data.isPresent()) {
                SeriesData d = data.get();
                g.writeNumberField("start", d.start());
                g.writeNumberField("step", d.step());
                g.writeArrayFieldStart("values");
                for (int i = 0; i < d.size(); i++) {
                    double v = d.value(i);
                    if (Double.isNaN(v)) {
                        g.writeNull();
                    } else if (Double.isInfinite(v)) {
                        g.writeString(v > 0 ? "inf" : "-inf");
                    } else {
                        g.writeNumber(v);
                    }
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /**
     * @param last a series' last update, or empty
     * @return the answer to {@link #LAST}
     */
    public static String last(OptionalLong last) {
        return json(g -> {
            g.writeStartObject();
            g.writeFieldName("last");
            if (last.isPresent()) {
                g.writeNumber(last.getAsLong());
            } else {
                g.writeNull();
            }
            g.writeEndObject();
        });
    }

    /**
     * @param keys a host plugin's keys
     * @return the answer to {@link #KEYS}
     */
    public static String keys(Set<MetricKey> keys) {
        return json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("keys");
            for (MetricKey k : keys) {
                g.writeString(k.toString());
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * @param body an answer to {@link #READ}
     * @return the points it holds
     * @throws KuradoException when it is not such an answer
     */
    public static Optional<SeriesData> parseData(byte[] body) {
        // read as a stream: a day of minutes is 1,441 numbers, which a tree would hold as as many objects
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new KuradoException("a series answer is not a JSON object");
            }
            boolean exists = false;
            Long start = null;
            Long step = null;
            double[] values = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "exists" -> exists = t == JsonToken.VALUE_TRUE;
                    case "start" -> start = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                    case "step" -> step = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                    case "values" -> values = values(p, t);
                    default -> p.skipChildren();
                }
            }
            if (!exists) {
                return Optional.empty();
            }
            if (start == null || step == null || values == null) {
                throw new KuradoException("a series answer lacks start, step or values");
            }
            return Optional.of(new SeriesData(start, step, values));
        } catch (IOException e) {
            throw new KuradoException("a node answered with something that is not JSON: " + e.getMessage(), e);
        }
    }

    private static double[] values(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new KuradoException("the values of a series answer are not a list");
        }
        double[] out = new double[64];
        int n = 0;
        for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n++] = switch (x) {
                case VALUE_NULL -> Double.NaN;
                case VALUE_STRING -> p.getText().equals("-inf") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                default -> throw new KuradoException("a value of a series answer is " + x);
            };
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * @param body an answer to {@link #LAST}
     * @return the last update it holds
     */
    public static OptionalLong parseLast(byte[] body) {
        JsonNode n = tree(body).path("last");
        return n.isIntegralNumber() ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
    }

    /**
     * @param body an answer to {@link #KEYS}
     * @return the keys it holds
     */
    public static Set<MetricKey> parseKeys(byte[] body) {
        Set<MetricKey> out = new LinkedHashSet<>();
        for (JsonNode k : tree(body).path("keys")) {
            MetricKey.parse(k.asText()).ifPresent(out::add);
        }
        return out;
    }

    private static JsonNode tree(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new KuradoException("a node answered with something that is not JSON: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
