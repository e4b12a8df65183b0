package io.kurado.plugins.squid;

import io.kurado.api.DataSourceType;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.TextConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches squid's cache manager pages {@code counters}, {@code 5min} and {@code info}
 * ({@code GET cache_object://localhost/<page> HTTP/1.0}, one connection each). Roll entry
 * {@code squid[:port]}, default 3128.
 *
 * <p>Counters {@code client-http.requests}, {@code client-http.hits}, {@code client-http.errors}
 * ({@code .derive}); gauges {@code svc-time.all|miss|nm|hit} (median service times in
 * milliseconds), {@code file-descriptors.max|used}, {@code store-entries.total} and
 * {@code store-entries.with-memobject}; meta {@code version} and {@code uptime}.
 *
 * @since 0.1
 */
public final class SquidFetcher implements MetricsFetcher {
    static final int DEFAULT_PORT = 3128;
    private static final Pattern COUNTER = Pattern.compile("^client_http\\.(requests|hits|errors)\\s*=\\s*(-?\\d+)$");
    private static final Pattern SVC = Pattern.compile("^client_http\\.(all|miss|nm|hit)_median_svc_time\\s*=\\s*([0-9.]+) seconds$");
    private static final Pattern VERSION = Pattern.compile("^Squid Object Cache: Version (.+)$");
    private static final Pattern UPTIME = Pattern.compile("^\\s*UP Time:\\s*([0-9.]+) seconds$");
    private static final Pattern FD_MAX = Pattern.compile("^\\s*Maximum number of file descriptors:\\s*(\\d+)$");
    private static final Pattern FD_USED = Pattern.compile("^\\s*Number of file desc currently in use:\\s*(\\d+)$");
    private static final Pattern ENTRIES = Pattern.compile("^\\s*(\\d+) StoreEntries$");
    private static final Pattern MEM_ENTRIES = Pattern.compile("^\\s*(\\d+) StoreEntries with MemObjects$");

    @Override
    public String id() {
        return "squid";
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(Duration.ofSeconds(10));
    }

    @Override
    public FetchResult fetch(FetchContext context) throws Exception {
        int port = Args.port(context, 0, DEFAULT_PORT);
        Map<String, Double> derive = new LinkedHashMap<>();
        Map<String, Double> gauge = new LinkedHashMap<>();
        FetchResult.Builder r = context.result();
        for (String line : page(context, port, "counters")) {
            Matcher m = COUNTER.matcher(line);
            if (m.find()) {
                derive.put("client-http." + m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        for (String line : page(context, port, "5min")) {
            Matcher m = SVC.matcher(line);
            if (m.find()) {
                gauge.put("svc-time." + m.group(1), Double.parseDouble(m.group(2)) * 1000);
            }
        }
        for (String line : page(context, port, "info")) {
            Matcher m;
            if ((m = VERSION.matcher(line)).find()) {
                r.meta("version", m.group(1).strip());
            } else if ((m = UPTIME.matcher(line)).find()) {
                r.meta("uptime", Long.toString((long) Double.parseDouble(m.group(1))));
            } else if ((m = FD_MAX.matcher(line)).find()) {
                gauge.put("file-descriptors.max", Double.parseDouble(m.group(1)));
            } else if ((m = FD_USED.matcher(line)).find()) {
                gauge.put("file-descriptors.used", Double.parseDouble(m.group(1)));
            } else if ((m = MEM_ENTRIES.matcher(line)).find()) {
                gauge.put("store-entries.with-memobject", Double.parseDouble(m.group(1)));
            } else if ((m = ENTRIES.matcher(line)).find()) {
                gauge.put("store-entries.total", Double.parseDouble(m.group(1)));
            }
        }
        derive.forEach((k, v) -> r.metric(k, DataSourceType.DERIVE, v));
        gauge.forEach((k, v) -> r.metric(k, DataSourceType.GAUGE, v));
        return r.build();
    }

    private static List<String> page(FetchContext context, int port, String name) throws IOException {
        try (TextConnection c = TextConnection.open(context, port)) {
            c.send("GET cache_object://localhost/" + name + " HTTP/1.0\r\n\r\n");
            String text = c.readToClose();
            if (text.isEmpty()) {
                throw new IOException("squid at " + c.where() + " sent nothing for cache_object://localhost/" + name);
            }
            String status = text.lines().findFirst().orElse("");
            if (status.startsWith("HTTP/") && !status.matches("HTTP/\\S+ 2\\d\\d.*")) {
                throw new IOException("squid at " + c.where() + " answered '" + status.strip() + "' for cache_object://localhost/" + name);
            }
            return text.lines().toList();
        }
    }
}
