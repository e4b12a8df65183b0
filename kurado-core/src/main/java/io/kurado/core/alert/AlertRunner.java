package io.kurado.core.alert;

import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierConfig;
import io.kurado.api.alert.NotifierProvider;
import io.kurado.api.coordination.Coordination;
import io.kurado.api.coordination.CoordinationException;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.queue.Queue;
import io.kurado.api.storage.Storage;
import io.kurado.api.view.MetricsViewer;
import io.kurado.core.config.AlertsConfig;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.ReceiverConfig;
import io.kurado.core.status.HostStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the alerts of one server: once a minute, if this server takes the minute's lease
 * ({@code kurado-alerts:<minute>}), evaluates the conditions and hands them to the
 * {@link AlertEngine}; between evaluations, the server that evaluated last sends the groups whose
 * time has come and delivers the outbox. When the coordination cannot be reached (Redis is down),
 * every server evaluates on its own, so that "Kurado cannot see its hosts" is still said.
 *
 * <p>Thread-safe: {@link #evaluate(long)} and {@link #deliver()} may run on different threads.
 */
public final class AlertRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertRunner.class);
    /** How long a minute's lease is held: past the minute, so a late server finds it taken. */
    static final Duration LEASE = Duration.ofSeconds(90);

    private final Supplier<KuradoConfig> config;
    private final Function<String, Optional<MetricsViewer>> viewers;
    private final Storage storage;
    private final MetaStore meta;
    private final Optional<Queue> queue;
    private final Supplier<Coordination> coordination;
    private final String node;
    private final InstantSource clock;
    private final HostStatus status;
    private final Function<KuradoConfig, Map<String, Notifier>> makeNotifiers;
    private final Map<String, ExecutorService> senders = new ConcurrentHashMap<>();
    private final AlertEngine.Sender sender;
    private Map<String, Notifier> notifiers;
    private AlertsConfig engineSettings;
    private AlertEngine engine;
    private long lastEvaluated = Long.MIN_VALUE;
    private Instant activeUntil = Instant.MIN;

    /**
     * @param config the configuration in force, read at each evaluation
     * @param viewers the viewer of each plugin name
     * @param hasFetcher whether a plugin has a fetcher (for the host status)
     * @param storage where series are read
     * @param meta where warnings and the alerts' state are
     * @param queue the queue, if this server has one
     * @param coordination where servers agree who evaluates each minute
     * @param node this server's name
     * @param notifiers the notifier of each receiver, closed with this runner
     * @param clock the clock
     */
    public AlertRunner(Supplier<KuradoConfig> config, Function<String, Optional<MetricsViewer>> viewers,
            Predicate<String> hasFetcher, Storage storage, MetaStore meta, Optional<Queue> queue,
            Supplier<Coordination> coordination, String node, Map<String, Notifier> notifiers, InstantSource clock) {
        this(config, viewers, hasFetcher, storage, meta, queue, coordination, node, c -> notifiers, clock, false);
    }

    /**
     * @param config the configuration in force, read at each evaluation; when its {@code alerts}
     *     change (a reload), the notifiers are made again and the grouping follows the new settings
     * @param viewers the viewer of each plugin name
     * @param hasFetcher whether a plugin has a fetcher (for the host status)
     * @param storage where series are read
     * @param meta where warnings and the alerts' state are
     * @param queue the queue, if this server has one
     * @param coordination where servers agree who evaluates each minute
     * @param node this server's name
     * @param notifiers makes the notifier of each receiver of a configuration; they are closed when
     *     replaced and with this runner
     * @param clock the clock
     * @param senderThreads whether each receiver's sends run on a thread of its own
     *     ({@code kurado-alerts-<receiver>}), so that a slow receiver delays no other; else in the
     *     calling thread
     */
    public AlertRunner(Supplier<KuradoConfig> config, Function<String, Optional<MetricsViewer>> viewers,
            Predicate<String> hasFetcher, Storage storage, MetaStore meta, Optional<Queue> queue,
            Supplier<Coordination> coordination, String node, Function<KuradoConfig, Map<String, Notifier>> notifiers,
            InstantSource clock, boolean senderThreads) {
        this.sender = senderThreads ? (receiver, send) -> senders.computeIfAbsent(receiver, r -> Executors.newSingleThreadExecutor(t -> {
            Thread th = new Thread(t, "kurado-alerts-" + r);
            th.setDaemon(true);
            return th;
        })).execute(send) : (receiver, send) -> send.run();
        this.config = Objects.requireNonNull(config, "config");
        this.viewers = Objects.requireNonNull(viewers, "viewers");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.meta = Objects.requireNonNull(meta, "meta");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.coordination = Objects.requireNonNull(coordination, "coordination");
        this.node = Objects.requireNonNull(node, "node");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.makeNotifiers = Objects.requireNonNull(notifiers, "notifiers");
        this.status = new HostStatus(meta, hasFetcher, clock);
        KuradoConfig c = config.get();
        this.notifiers = Map.copyOf(notifiers.apply(c));
        this.engineSettings = c.alerts();
        this.engine = new AlertEngine(meta, this.notifiers, c.alerts(), c.alerts().externalUrl(c.settings()), clock, sender);
    }

    /** After a reload that changed {@code alerts}: new notifiers, and an engine with the new settings. */
    private boolean followReload() {
        KuradoConfig c = config.get();
        if (c.alerts().equals(engineSettings)) {
            return false;
        }
        log.info("The alerts' configuration changed: {} receivers now", c.alerts().receivers().size());
        closeNotifiers();
        notifiers = Map.copyOf(makeNotifiers.apply(c));
        engineSettings = c.alerts();
        engine = new AlertEngine(meta, notifiers, c.alerts(), c.alerts().externalUrl(c.settings()), clock, sender);
        return true;
    }

    /**
     * Makes a notifier for each receiver of the configuration.
     *
     * @param config the configuration
     * @param providers the notifier providers installed
     * @param clock the clock
     * @return the notifiers by receiver name; a receiver whose notifier cannot be made is logged and left out
     */
    public static Map<String, Notifier> notifiers(KuradoConfig config, NotifierProviders providers, InstantSource clock) {
        Map<String, Notifier> out = new LinkedHashMap<>();
        AlertsConfig a = config.alerts();
        String url = a.externalUrl(config.settings());
        for (ReceiverConfig r : a.receivers()) {
            Optional<NotifierProvider> p = providers.provider(r.type());
            if (p.isEmpty()) {
                log.warn("Receiver '{}' gets no notifications: no notifier of type '{}' is installed (installed: {})", r.name(),
                        r.type(), providers.types());
                continue;
            }
            try {
                out.put(r.name(), p.get().create(new NotifierConfig(r.name(), r.settings(), url, clock)));
            } catch (RuntimeException e) {
                log.warn("Receiver '{}' gets no notifications: its notifier cannot be made: {}", r.name(), e.toString());
            }
        }
        return out;
    }

    /**
     * Evaluates a minute, if this server takes its lease.
     *
     * @param minute the minute (epoch seconds / 60)
     * @return whether this server evaluated it
     */
    public synchronized boolean evaluate(long minute) {
        boolean leased;
        try {
            leased = coordination.get().tryAcquire("kurado-alerts:" + minute, node, LEASE).isPresent();
        } catch (CoordinationException e) {
            leased = true; // no one can agree: each server says what it sees, duplicates rather than silence
        }
        if (!leased) {
            log.debug("Another server evaluates the alerts of minute {}", minute);
            return false;
        }
        if (followReload() | lastEvaluated != minute - 1) {
            try {
                engine.load(); // another server may have evaluated meanwhile
            } catch (RuntimeException e) {
                log.warn("Cannot read the alerts' state; going on with what this server knows: {}", e.getMessage());
            }
        }
        lastEvaluated = minute;
        Conditions conditions = conditions();
        engine.evaluate(conditions.evaluate());
        activeUntil = clock.instant().plus(Duration.ofMinutes(2));
        engine.flush();
        engine.deliver();
        return true;
    }

    /** @return the conditions of the configuration in force */
    public Conditions conditions() {
        return new Conditions(config.get(), viewers, storage, meta, queue, status, clock);
    }

    /**
     * Sends the groups whose time has come and delivers the outbox, when this server evaluated last.
     */
    public synchronized void deliver() {
        if (clock.instant().isAfter(activeUntil)) {
            return;
        }
        try {
            engine.flush();
            engine.deliver();
        } catch (RuntimeException e) {
            log.warn("Alert delivery failed: {}", e.toString());
        }
    }

    /** @return the alerts known now (as of this server's last evaluation or load) */
    public synchronized List<AlertView> alerts() {
        return engine.alerts();
    }

    /** @return the engine, for tests */
    AlertEngine engine() {
        return engine;
    }

    /**
     * Lets the sends under way finish (10 s at most), records in the meta store which of them
     * delivered their notification, so that the next start does not send those again, and closes
     * the notifiers.
     */
    @Override
    public synchronized void close() {
        for (ExecutorService e : senders.values()) {
            e.shutdown();
        }
        for (ExecutorService e : senders.values()) {
            try {
                if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
                    e.shutdownNow();
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                e.shutdownNow();
            }
        }
        try {
            engine.settle();
        } catch (RuntimeException e) {
            log.warn("Cannot record which notifications were delivered; the next start may send them again: {}", e.toString());
        }
        closeNotifiers();
    }

    private void closeNotifiers() {
        for (Map.Entry<String, Notifier> n : notifiers.entrySet()) {
            try {
                n.getValue().close();
            } catch (RuntimeException e) {
                log.warn("Closing the notifier of receiver '{}' failed: {}", n.getKey(), e.toString());
            }
        }
    }
}
