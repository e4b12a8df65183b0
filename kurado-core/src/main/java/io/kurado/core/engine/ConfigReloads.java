package io.kurado.core.engine;

import io.kurado.core.config.ConfigException;
import io.kurado.core.config.ConfigProblem;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration an engine runs with, and its reloads. A reload reads the configuration again,
 * whole; when it has a problem, the configuration in force stays and the problem is logged once
 * (until it changes or a reload succeeds) and counted. A good one takes effect at once for what is
 * read at each use (hosts, services, rolls, {@code metrics_config}: the index, the next scheduler
 * round, the next fetch) while work in flight finishes; settings of the {@code config} document
 * are read at start only, so a reload that changes one keeps the running value and says that it
 * needs a restart, except the web UI's access rules and TLS files ({@code web}), which the web role
 * applies.
 */
public final class ConfigReloads {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloads.class);
    /** Settings of the {@code config} document that a reload applies: the web UI's access rules and TLS files. */
    private static final Set<String> RELOADABLE = Set.of("web");

    /** A part of the engine that applies a reloaded configuration itself (the web role: access rules, TLS). */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called with a good configuration before it is put in force.
         *
         * @param next the configuration about to be in force
         * @return what could not change without a restart, or empty
         * @throws RuntimeException when it cannot apply it, saying why: the reload is refused then
         */
        Optional<String> apply(KuradoConfig next);
    }

    /**
     * What one reload did.
     *
     * @param applied whether the new configuration is in force
     * @param at when it was tried
     * @param digest the digest of the configuration in force afterwards
     * @param restartNeeded the settings that changed and take effect at the next start
     * @param hostsAdded hosts the new configuration adds
     * @param hostsRemoved hosts it removes (their files stay)
     * @param problem why it was refused
     */
    public record Outcome(boolean applied, Instant at, String digest, List<String> restartNeeded, int hostsAdded,
            int hostsRemoved, Optional<String> problem) {
        /** @return the outcome in one line */
        public String describe() {
            if (!applied) {
                return "the configuration was not reloaded, the one in force stays: " + problem.orElse("unknown problem");
            }
            String s = "configuration reloaded: " + hostsAdded + " host(s) added, " + hostsRemoved + " removed";
            return restartNeeded.isEmpty() ? s : s + "; changed settings that need a restart: " + String.join(", ", restartNeeded);
        }
    }

    /**
     * The state of reloads, for the status page and metrics.
     *
     * @param loadedAt when the configuration in force was loaded
     * @param digest its digest ({@link KuradoConfig#digest()})
     * @param reloads reloads tried
     * @param failures reloads refused
     * @param last the last reload, if any
     */
    public record Status(Instant loadedAt, String digest, long reloads, long failures, Optional<Outcome> last) {
        /** @return false when the last reload was refused */
        public boolean lastSuccessful() {
            return last.map(Outcome::applied).orElse(true);
        }
    }

    private final AtomicReference<KuradoConfig> current;
    private final Supplier<KuradoConfig> loader;
    private final InstantSource clock;
    private Instant loadedAt;
    private long reloads;
    private long failures;
    private Outcome last;
    private String loggedProblem;
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param initial the configuration the engine starts with
     * @param loader reads the configuration again, throwing {@link ConfigException} with its problems
     * @param clock the clock
     */
    public ConfigReloads(KuradoConfig initial, Supplier<KuradoConfig> loader, InstantSource clock) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.loader = Objects.requireNonNull(loader, "loader");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.loadedAt = clock.instant();
    }

    /** @return the configuration in force */
    public KuradoConfig current() {
        return current.get();
    }

    /**
     * Reads the configuration again and puts it in force if it is good.
     *
     * @return what happened
     */
    public synchronized Outcome reload() {
        Instant now = clock.instant();
        reloads++;
        KuradoConfig old = current.get();
        KuradoConfig next;
        try {
            next = loader.get();
        } catch (ConfigException e) {
            return refused(now, old, e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        } catch (RuntimeException e) {
            log.warn("Reading the configuration again failed unexpectedly", e);
            return refused(now, old, e.getMessage() != null ? e.getMessage() : e.toString());
        }
        List<String> restart = new java.util.ArrayList<>(changedSettings(old.settings().raw(), next.settings().raw()));
        KuradoConfig applied = next.withSettings(old.settings().withAccess(next.settings().access()));
        for (Listener l : listeners) {
            try {
                l.apply(applied).ifPresent(restart::add);
            } catch (RuntimeException e) {
                if (e.getMessage() == null) {
                    log.warn("Applying the configuration read again failed unexpectedly", e);
                }
                return refused(now, old, e.getMessage() != null ? e.getMessage() : e.toString());
            }
        }
        Set<String> before = old.hosts().stream().map(HostEntry::address).collect(Collectors.toSet());
        Set<String> after = applied.hosts().stream().map(HostEntry::address).collect(Collectors.toSet());
        Set<String> added = new HashSet<>(after);
        added.removeAll(before);
        Set<String> removed = new HashSet<>(before);
        removed.removeAll(after);
        current.set(applied);
        loadedAt = now;
        loggedProblem = null;
        last = new Outcome(true, now, applied.digest(), restart, added.size(), removed.size(), Optional.empty());
        log.info("{} ({} hosts in {} services)", last.describe(), applied.hosts().size(), applied.services().size());
        return last;
    }

    private Outcome refused(Instant now, KuradoConfig old, String problem) {
        failures++;
        last = new Outcome(false, now, old.digest(), List.of(), 0, 0, Optional.of(problem));
        if (!problem.equals(loggedProblem)) {
            log.error("{}", last.describe());
            loggedProblem = problem;
        }
        return last;
    }

    private static List<String> changedSettings(Map<String, String> old, Map<String, String> next) {
        Set<String> keys = new TreeSet<>(old.keySet());
        keys.addAll(next.keySet());
        return keys.stream().filter(k -> !RELOADABLE.contains(k) && !Objects.equals(old.get(k), next.get(k))).toList();
    }

    /**
     * @param listener applies what it can of each good reload, before it is in force
     * @return a handle that removes it
     */
    public AutoCloseable addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    /** @return the state of reloads */
    public synchronized Status status() {
        return new Status(loadedAt, current.get().digest(), reloads, failures, Optional.ofNullable(last));
    }
}
