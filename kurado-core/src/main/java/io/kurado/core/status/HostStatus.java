package io.kurado.core.status;

import io.kurado.api.PluginRef;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.PluginState;
import io.kurado.core.config.HostEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The status of a host, computed as the original does, first match wins:
 * <ol>
 *   <li>{@link Level#CRITICAL} when the roll has a {@code base} plugin whose data has not arrived
 *       for {@link #STALE_AFTER};
 *   <li>{@link Level#WARNING} when any warning of the host is live;
 *   <li>{@link Level#WARNING} when a push-only plugin (one without a fetcher) is stale;
 *   <li>{@link Level#OK} otherwise.
 * </ol>
 * Unlike the original, data that has never arrived counts as stale only once this status has
 * been watching for {@link #STALE_AFTER} (from its creation, i.e. the server's start): until then
 * such a host is {@link Level#WAITING} rather than down, unless a warning makes it a warning.
 */
public final class HostStatus {
    /** Data older than this makes a push-only plugin stale. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(5);

    /** The levels, with the numbers the original's API returns. */
    public enum Level {
        /** Everything arrived, no warnings. */
        OK(0),
        /** A live warning or a stale push-only plugin. */
        WARNING(1),
        /** The agent's {@code base} data stopped arriving (or the host is unknown). */
        CRITICAL(2),
        /**
         * No data has ever arrived for the host, and the server started watching it less than
         * {@link #STALE_AFTER} ago; the original's API says 2 for it.
         */
        WAITING(2);

        private final int code;

        Level(int code) {
            this.code = code;
        }

        /** @return 0, 1 or 2, as the original's API */
        public int code() {
            return code;
        }
    }

    private final MetaStore meta;
    private final Predicate<String> hasFetcher;
    private final InstantSource clock;
    private final Instant watchingSince;

    /**
     * @param meta where last-received times and warnings are
     * @param hasFetcher whether a plugin name has a fetcher (else it is push-only)
     * @param clock the clock; its time now is when watching starts
     */
    public HostStatus(MetaStore meta, Predicate<String> hasFetcher, InstantSource clock) {
        this.meta = Objects.requireNonNull(meta, "meta");
        this.hasFetcher = Objects.requireNonNull(hasFetcher, "hasFetcher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.watchingSince = clock.instant();
    }

    /** @return when this status started watching the hosts (the server's start) */
    public Instant watchingSince() {
        return watchingSince;
    }

    /**
     * @param host a configured host
     * @return its status now
     */
    public Level of(HostEntry host) {
        Instant now = clock.instant();
        Map<PluginRef, PluginState> states = new HashMap<>();
        boolean waiting = false;
        for (PluginRef p : host.plugins()) {
            if (p.name().equals("base")) {
                PluginState st = state(host, p, states);
                if (isStale(st, now, watchingSince)) {
                    return Level.CRITICAL;
                }
                waiting |= st.lastReceived().isEmpty();
            }
        }
        if (meta.hasWarning(host.address())) {
            return Level.WARNING;
        }
        for (PluginRef p : host.plugins()) {
            if (!hasFetcher.test(p.name())) {
                PluginState st = state(host, p, states);
                if (isStale(st, now, watchingSince)) {
                    return Level.WARNING;
                }
                waiting |= st.lastReceived().isEmpty();
            }
        }
        return waiting ? Level.WAITING : Level.OK;
    }

    /**
     * @param state a plugin's state
     * @param now the time now
     * @return true when its data is missing or older than {@link #STALE_AFTER}
     */
    public static boolean isStale(PluginState state, Instant now) {
        return state.lastReceived().map(t -> t.isBefore(now.minus(STALE_AFTER))).orElse(true);
    }

    /**
     * @param state a plugin's state
     * @param now the time now
     * @param watchingSince when the server started watching
     * @return true when its data is older than {@link #STALE_AFTER}, or has never arrived although
     *     the server has been watching for {@link #STALE_AFTER}
     */
    public static boolean isStale(PluginState state, Instant now, Instant watchingSince) {
        return state.lastReceived().map(t -> t.isBefore(now.minus(STALE_AFTER)))
                .orElse(!watchingSince.isAfter(now.minus(STALE_AFTER)));
    }

    /** Only the last-received time is read: the meta values and warnings are not needed here. */
    private PluginState state(HostEntry host, PluginRef p, Map<PluginRef, PluginState> cache) {
        return cache.computeIfAbsent(p, x -> new PluginState(Map.of(), Map.of(), meta.lastReceived(host.address(), x)));
    }
}
