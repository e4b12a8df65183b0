package io.kurado.plugins.redis;

import io.kurado.api.DataSourceType;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.MetricsConfig;
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
 * Fetches Redis's {@code INFO}, {@code SLOWLOG LEN} and {@code CONFIG GET *}. Roll entry
 * {@code redis[:port]}, default 6379. A password, when the server wants one, is read from
 * {@code metrics_config: {Redis: {password: …}}}.
 *
 * <p>Samples (those the server reports): {@code total_commands_processed.derive},
 * {@code total_connections_received.derive}, {@code connected_clients.gauge},
 * {@code connected_slaves.gauge}, {@code used_memory.gauge}, {@code changes_since_last_save.gauge}
 * (from {@code rdb_changes_since_last_save} on Redis 2.6 and later),
 * {@code mem_fragmentation_ratio.gauge}, {@code evicted_keys.derive}, {@code pubsub_channels.gauge},
 * {@code keys.gauge} (summed over the databases) and {@code slowlog.gauge}. Meta {@code version},
 * {@code uptime}, {@code vm_enabled}, {@code role} and the settings {@code maxmemory},
 * {@code maxclients}, {@code rdbcompression}, {@code appendonly}, {@code maxmemory-policy},
 * {@code appendfsync}, {@code save}, {@code slowlog-max-len}. A server that refuses
 * {@code CONFIG GET} (renamed or disabled) gives everything else.
 *
 * @since 0.1
 */
public final class RedisFetcher implements MetricsFetcher {
    static final int DEFAULT_PORT = 6379;
    private static final Pattern KEYS = Pattern.compile("keys=(\\d+)");
    private static final Pattern DB = Pattern.compile("^db\\d+$");
    private static final Object[][] STATS = {
        {"total_commands_processed", DataSourceType.DERIVE},
        {"total_connections_received", DataSourceType.DERIVE},
        {"connected_clients", DataSourceType.GAUGE},
        {"connected_slaves", DataSourceType.GAUGE},
        {"used_memory", DataSourceType.GAUGE},
        {"changes_since_last_save", DataSourceType.GAUGE},
        {"mem_fragmentation_ratio", DataSourceType.GAUGE},
        {"evicted_keys", DataSourceType.DERIVE},
        {"pubsub_channels", DataSourceType.GAUGE},
    };
    static final List<String> CONFIG_META = List.of(
            "maxmemory", "maxclients", "rdbcompression", "appendonly", "maxmemory-policy", "appendfsync", "save", "slowlog-max-len");

    @Override
    public String id() {
        return "redis";
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(Duration.ofSeconds(10));
    }

    @Override
    public FetchResult fetch(FetchContext context) throws Exception {
        int port = Args.port(context, 0, DEFAULT_PORT);
        Map<String, String> info = new LinkedHashMap<>();
        Map<String, String> config = new LinkedHashMap<>();
        long keys = 0;
        Optional<String> slowlog;
        try (TextConnection c = TextConnection.open(context, port)) {
            Optional<String> password = MetricsConfig.section(context.metricsConfig(), "Redis").text("password");
            if (password.isPresent()) {
                RespReader.Reply auth = command(c, "AUTH", password.get());
                if (auth.error()) {
                    throw new IOException("Redis at " + c.where() + " refused the password: " + auth.text());
                }
            }
            RespReader.Reply infoReply = command(c, "INFO");
            if (infoReply.error()) {
                throw new IOException("Redis at " + c.where() + " answered INFO with: " + infoReply.text());
            }
            for (String line : infoReply.text().split("\r?\n")) {
                int colon = line.indexOf(':');
                if (line.startsWith("#") || colon <= 0 || colon == line.length() - 1) {
                    continue;
                }
                String k = line.substring(0, colon);
                String v = line.substring(colon + 1).strip();
                info.put(k, v);
                if (DB.matcher(k).matches()) {
                    Matcher m = KEYS.matcher(v);
                    if (m.find()) {
                        keys += Long.parseLong(m.group(1));
                    }
                }
            }
            RespReader.Reply len = command(c, "SLOWLOG", "LEN");
            slowlog = len.error() ? Optional.empty() : Optional.of(len.text());
            RespReader.Reply cfg = command(c, "CONFIG", "GET", "*");
            if (!cfg.error()) {
                List<RespReader.Reply> items = cfg.items();
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    config.put(items.get(i).text(), items.get(i + 1).text());
                }
            }
        }
        FetchResult.Builder r = context.result();
        Optional.ofNullable(info.get("redis_version")).ifPresent(v -> r.meta("version", v));
        Optional.ofNullable(info.get("uptime_in_seconds")).filter(v -> !v.equals("0")).ifPresent(v -> r.meta("uptime", v));
        for (String k : List.of("vm_enabled", "role")) {
            Optional.ofNullable(info.get(k)).ifPresent(v -> r.meta(k, v));
        }
        for (String k : CONFIG_META) {
            Optional.ofNullable(config.get(k)).filter(v -> !v.isEmpty()).ifPresent(v -> r.meta(k, v));
        }
        if (!info.containsKey("changes_since_last_save") && info.containsKey("rdb_changes_since_last_save")) {
            info.put("changes_since_last_save", info.get("rdb_changes_since_last_save"));
        }
        for (Object[] s : STATS) {
            Samples.add(r, (String) s[0], (DataSourceType) s[1], Numbers.parse(info.get((String) s[0])));
        }
        r.gauge("keys", keys);
        slowlog.ifPresent(s -> Samples.add(r, "slowlog", DataSourceType.GAUGE, Numbers.parse(s)));
        return r.build();
    }

    private static RespReader.Reply command(TextConnection c, String... words) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append('*').append(words.length).append("\r\n");
        for (String w : words) {
            byte[] b = w.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(w).append("\r\n");
        }
        c.send(sb.toString());
        return RespReader.read(c);
    }
}
