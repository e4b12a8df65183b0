package io.kurado.api.fetch;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link MetricsFetcher} gets for one fetch.
 *
 * @param host the host to fetch from
 * @param plugin the roll entry: the plugin name and its arguments ({@code http:80} → {@code ["80"]})
 * @param metricsConfig the host's {@code metrics_config}: the global one with the roll's merged over
 *     it; values are what YAML gave (strings, numbers, booleans, lists, maps)
 * @param meta the plugin's meta values stored in the last hour
 * @param clock the clock to read the time from
 * @param deadline when the fetch must have returned; network calls should not wait past it
 * @since 0.1
 */
public record FetchContext(
        Host host,
        PluginRef plugin,
        Map<String, Object> metricsConfig,
        Map<String, String> meta,
        InstantSource clock,
        Instant deadline) {
    /** Validates the fields and copies the maps. */
    public FetchContext {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(plugin, "plugin");
        metricsConfig = Map.copyOf(metricsConfig);
        meta = Map.copyOf(meta);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(deadline, "deadline");
    }

    /**
     * @param index the argument's position, from 0
     * @return the plugin argument at that position, if given and not empty
     */
    public Optional<String> argument(int index) {
        if (index < 0 || index >= plugin.arguments().size() || plugin.arguments().get(index).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(plugin.arguments().get(index));
    }

    /** @return the time left before the deadline, never negative */
    public Duration remaining() {
        Duration d = Duration.between(clock.instant(), deadline);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** @return a result builder for this host and plugin, stamped with the current time */
    public FetchResult.Builder result() {
        return FetchResult.builder(host.address(), plugin, clock.instant().getEpochSecond());
    }
}
