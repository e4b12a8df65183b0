package io.kurado.core.internal.engine;

import io.kurado.api.PluginRef;
import io.kurado.api.coordination.Coordination;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.Topic;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.engine.MinuteTicker;
import io.kurado.core.plugin.PluginRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler role: once a minute, a few seconds after the minute, enqueues one fetch job
 * ({@code address TAB identifier}) per host and plugin that has a fetcher. Push-only plugins
 * ({@code base}) are skipped.
 *
 * <p>When the previous round's jobs are still waiting, the round is skipped with a warning that
 * says how far behind the fetchers are, instead of piling jobs up. When several servers share one
 * queue, a lease on each minute ({@code kurado-scheduler:<minute>}, through the {@link Coordination}
 * they share) lets only one of them schedule it. Rounds run on a {@link MinuteTicker}.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    private static final int PUSH_CHUNK = 1000;
    /** How long a minute's lease is held: past the minute, so that a late server finds it taken. */
    static final Duration LEASE = Duration.ofSeconds(90);

    private final Supplier<KuradoConfig> config;
    private final PluginRegistry registry;
    private final Queue queue;
    private final Coordination coordination;
    private final String node;
    private final InstantSource clock;
    private final Duration offset;
    private final EngineCounters counters;
    private MinuteTicker ticker;
    private volatile Instant lastRoundStart;
    private volatile Instant backlogSince;

    /**
     * @param config the hosts and their rolls
     * @param registry which plugins have fetchers
     * @param queue where jobs go
     * @param coordination where servers sharing the queue agree who schedules each minute
     * @param node this server's name, as the holder of a minute's lease
     * @param clock the clock
     * @param offset how long after the minute each round starts (the original waited 3 s)
     * @param counters the engine's counters
     */
    public Scheduler(KuradoConfig config, PluginRegistry registry, Queue queue, Coordination coordination, String node,
            InstantSource clock, Duration offset, EngineCounters counters) {
        this(() -> config, registry, queue, coordination, node, clock, offset, counters);
    }

    /**
     * @param config the configuration in force, read at each round (a reload changes it)
     * @param registry which plugins have fetchers
     * @param queue where jobs go
     * @param coordination where servers sharing the queue agree who schedules each minute
     * @param node this server's name, as the holder of a minute's lease
     * @param clock the clock
     * @param offset how long after the minute each round starts
     * @param counters the engine's counters
     */
    public Scheduler(Supplier<KuradoConfig> config, PluginRegistry registry, Queue queue, Coordination coordination, String node,
            InstantSource clock, Duration offset, EngineCounters counters) {
        this.config = config;
        this.registry = registry;
        this.queue = queue;
        this.coordination = coordination;
        this.node = node;
        this.clock = clock;
        this.offset = offset;
        this.counters = counters;
    }

    /** @return the fetch jobs of one round, in configuration order */
    public List<String> jobs() {
        List<String> jobs = new ArrayList<>();
        for (HostEntry h : config.get().hosts()) {
            for (PluginRef p : h.plugins()) {
                if (registry.hasFetcher(p.name())) {
                    jobs.add(h.address() + '\t' + p.identifier());
                }
            }
        }
        return jobs;
    }

    /**
     * Runs one round now, unless another server holds this minute's lease or the previous round is
     * still waiting.
     *
     * @return the number of jobs enqueued
     */
    public int runRound() {
        Instant now = clock.instant();
        long minute = now.getEpochSecond() / 60;
        if (coordination.tryAcquire("kurado-scheduler:" + minute, node, LEASE).isEmpty()) {
            log.debug("Another server schedules minute {}", minute);
            return 0;
        }
        long waiting = queue.depth(Topic.FETCH);
        if (waiting > 0) {
            counters.roundsSkipped.increment();
            if (backlogSince == null) {
                backlogSince = lastRoundStart != null ? lastRoundStart : now;
            }
            long behind = Duration.between(backlogSince, now).toSeconds();
            log.warn("Skipping this minute's fetch round: {} jobs of an earlier round are still waiting; fetchers are {} s behind. "
                    + "Add fetch workers or check for slow hosts.", waiting, behind);
            return 0;
        }
        backlogSince = null;
        List<String> jobs = jobs();
        for (int i = 0; i < jobs.size(); i += PUSH_CHUNK) {
            queue.push(Topic.FETCH, jobs.subList(i, Math.min(jobs.size(), i + PUSH_CHUNK)));
        }
        lastRoundStart = now;
        counters.roundStartMillis.set(now.toEpochMilli());
        counters.rounds.increment();
        counters.lastRoundJobs.set(jobs.size());
        log.debug("Enqueued {} fetch jobs", jobs.size());
        return jobs.size();
    }

    /** Starts running a round every minute, aligned to the minute plus the offset. */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        log.info("Scheduling {} fetch jobs every minute at :{} s", jobs().size(), offset.toSeconds());
        ticker = new MinuteTicker("kurado-scheduler", clock, offset, minute -> runRound()).start();
    }

    /** Stops scheduling. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.close();
            ticker = null;
        }
    }
}
