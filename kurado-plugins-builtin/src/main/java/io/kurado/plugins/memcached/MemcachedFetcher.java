package io.kurado.plugins.memcached;

import io.kurado.api.DataSourceType;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Numbers;
import io.kurado.plugins.support.Samples;
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
 * Fetches memcached's {@code stats} (and, from 1.4 on, {@code stats settings} for
 * {@code maxconns}) over its text protocol. Roll entry {@code memcached[:port]}, default 11211.
 *
 * <p>Counters {@code cmd_get}, {@code cmd_set}, {@code get_hits}, {@code get_misses},
 * {@code evictions}, {@code evicted_unfetched} ({@code .derive}); gauges
 * {@code curr_connections}, {@code bytes}, {@code limit_maxbytes}, {@code curr_items},
 * {@code maxconns}; meta {@code version}, {@code uptime}, {@code maxconns}.
 *
 * @since 0.1
 */
public final class MemcachedFetcher implements MetricsFetcher {
    static final int DEFAULT_PORT = 11211;
    static final List<String> COUNTERS = List.of("cmd_get", "cmd_set", "get_hits", "get_misses", "evictions", "evicted_unfetched");
    static final List<String> GAUGES = List.of("curr_connections", "bytes", "limit_maxbytes", "curr_items", "maxconns");
    private static final Pattern STAT = Pattern.compile("^STAT\\s(\\S+)\\s(.+)$");
    private static final Pattern VERSION = Pattern.compile("^1\\.(\\d+)");

    @Override
    public String id() {
        return "memcached";
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(Duration.ofSeconds(10));
    }

    @Override
    public FetchResult fetch(FetchContext context) throws Exception {
        int port = Args.port(context, 0, DEFAULT_PORT);
        Map<String, String> stats;
        try (TextConnection c = TextConnection.open(context, port)) {
            stats = stats(c, "stats");
            String version = stats.get("version");
            Matcher v = VERSION.matcher(version == null ? "" : version);
            if (v.find() && Integer.parseInt(v.group(1)) >= 4) {
                String maxconns = stats(c, "stats settings").get("maxconns");
                if (maxconns != null) {
                    stats.put("maxconns", maxconns);
                }
            }
        }
        FetchResult.Builder r = context.result();
        for (String k : List.of("version", "uptime", "maxconns")) {
            if (stats.containsKey(k)) {
                r.meta(k, stats.get(k));
            }
        }
        for (String k : COUNTERS) {
            Samples.add(r, k, DataSourceType.DERIVE, Numbers.parse(stats.get(k)));
        }
        for (String k : GAUGES) {
            Samples.add(r, k, DataSourceType.GAUGE, Numbers.parse(stats.get(k)));
        }
        return r.build();
    }

    private static Map<String, String> stats(TextConnection c, String command) throws IOException {
        c.send(command + "\r\n");
        Map<String, String> out = new LinkedHashMap<>();
        while (true) {
            String line = c.readLine();
            if (line.equals("END")) {
                return out;
            }
            if (line.startsWith("ERROR") || line.startsWith("CLIENT_ERROR") || line.startsWith("SERVER_ERROR")) {
                throw new IOException("memcached at " + c.where() + " answered '" + line + "' to " + command);
            }
            Matcher m = STAT.matcher(line);
            if (m.find()) {
                out.put(m.group(1), m.group(2).strip());
            }
        }
    }
}
