package io.kurado.core.engine;

import io.kurado.api.PluginRef;
import io.kurado.api.Warning;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.api.line.Excerpt;
import io.kurado.api.line.LineCodec;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.Topic;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.plugin.PluginRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch role: takes fetch jobs from the fetch queue, runs the plugin's {@link MetricsFetcher}
 * against the host with a deadline, and puts what it returns on the update queue.
 *
 * <p>Fetches run concurrently up to a bound. A fetch that throws or passes its deadline becomes one
 * {@code <plugin>.warn.command} line for that host, as in the original; a hanging fetch is abandoned
 * at its deadline (its thread is interrupted) and never delays the others. A job is acknowledged
 * once its result or warning is on the update queue.
 */
public final class FetchWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FetchWorkers.class);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

    private final KuradoConfig config;
    private final PluginRegistry registry;
    private final Queue queue;
    private final MetaStore metaStore;
    private final InstantSource clock;
    private final Duration defaultTimeout;
    private final EngineCounters counters;
    private final RateLimitedLog warnLog;
    private final Semaphore slots;
    private final int concurrency;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService deadlines;
    private final List<Thread> consumers = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param config the hosts (a job for an unknown address is dropped with a warning)
     * @param registry the fetchers
     * @param queue where jobs come from and results go
     * @param metaStore the stored meta handed to fetchers
     * @param clock the clock
     * @param concurrency how many fetches run at once
     * @param defaultTimeout the deadline of a fetch whose plugin declares none shorter
     * @param counters the engine's counters
     */
    public FetchWorkers(KuradoConfig config, PluginRegistry registry, Queue queue, MetaStore metaStore, InstantSource clock,
            int concurrency, Duration defaultTimeout, EngineCounters counters) {
        this.config = config;
        this.registry = registry;
        this.queue = queue;
        this.metaStore = metaStore;
        this.clock = clock;
        this.concurrency = concurrency;
        this.defaultTimeout = defaultTimeout;
        this.counters = counters;
        this.warnLog = new RateLimitedLog(clock, Duration.ofMinutes(1));
        this.slots = new Semaphore(concurrency);
        AtomicInteger n = new AtomicInteger();
        // Up to four times the concurrency, so that abandoned (hung) fetches do not take the slots of new ones.
        this.pool = new ThreadPoolExecutor(0, concurrency * 4, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "kurado-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kurado-fetch-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts consumer threads; each takes jobs and hands them to the fetch pool.
     *
     * @param consumerThreads how many consumers
     * @param nodeName this process's name, for consumer names {@code <node>-fetch-<n>}
     */
    public synchronized void start(int consumerThreads, String nodeName) {
        for (int i = 1; i <= consumerThreads; i++) {
            startWith(queue.consumer(Topic.FETCH, nodeName + "-fetch-" + i));
        }
        log.info("Fetching with up to {} concurrent fetches, deadline {} s", concurrency, defaultTimeout.toSeconds());
    }

    /**
     * Starts one consumer thread on a given consumer.
     *
     * @param consumer the consumer, closed when this stops
     */
    synchronized void startWith(QueueConsumer consumer) {
        running = true;
        Thread t = new Thread(() -> loop(consumer), "kurado-fetch-consumer-" + (consumers.size() + 1));
        consumers.add(t);
        t.start();
    }

    private void loop(QueueConsumer consumer) {
        ConcurrentLinkedQueue<Delivery> done = new ConcurrentLinkedQueue<>();
        try (consumer) {
            long backoff = 0;
            while (running) {
                try {
                    ackDone(consumer, done);
                    slots.acquire();
                    int free = slots.drainPermits() + 1;
                    List<Delivery> jobs;
                    try {
                        jobs = consumer.poll(free, POLL_TIMEOUT);
                    } finally {
                        slots.release(free);
                    }
                    for (Delivery job : jobs) {
                        slots.acquire();
                        submit(job, () -> done.add(job));
                    }
                    backoff = 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException e) {
                    backoff = Math.min(Math.max(backoff * 2, 500), 30_000);
                    if (warnLog.admit("poll") >= 0) {
                        log.warn("Fetch queue unavailable, retrying in {} ms: {}", backoff, e.toString());
                    }
                    try {
                        TimeUnit.MILLISECONDS.sleep(backoff);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            ackDone(consumer, done);
        }
    }

    private void ackDone(QueueConsumer consumer, ConcurrentLinkedQueue<Delivery> done) {
        List<Delivery> acks = new ArrayList<>();
        Delivery d;
        while ((d = done.poll()) != null) {
            acks.add(d);
        }
        if (!acks.isEmpty()) {
            consumer.ack(acks);
        }
    }

    private void submit(Delivery job, Runnable onDone) {
        AtomicBoolean finished = new AtomicBoolean();
        Runnable complete = () -> {
            counters.fetchesRun.increment();
            counters.lastFetchDoneMillis.set(clock.millis());
            slots.release();
            onDone.run();
        };
        Optional<Job> parsed = parse(job.payload());
        if (parsed.isEmpty()) {
            slots.release();
            onDone.run();
            return;
        }
        Job j = parsed.get();
        Duration timeout = j.fetcher.timeout().filter(t -> t.compareTo(defaultTimeout) < 0).orElse(defaultTimeout);
        Instant deadline = clock.instant().plus(timeout);
        try {
            var future = pool.submit(() -> {
                String batch = runOne(j, deadline);
                if (finished.compareAndSet(false, true)) {
                    pushOrLog(j, batch);
                    complete.run();
                }
            });
            deadlines.schedule(() -> {
                if (finished.compareAndSet(false, true)) {
                    future.cancel(true);
                    counters.fetchesTimedOut.increment();
                    String msg = "fetch did not finish within " + timeout.toSeconds() + " s";
                    logFailure(j, msg);
                    pushOrLog(j, warningBatch(j, msg));
                    complete.run();
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            counters.fetchesFailed.increment();
            String msg = "too many fetches are hanging; this one was not started";
            logFailure(j, msg);
            pushOrLog(j, warningBatch(j, msg));
            finished.set(true);
            complete.run();
        }
    }

    /**
     * Runs one job as the pool would, without deadline enforcement (for tests and tools).
     *
     * @param payload {@code address TAB identifier}
     * @return the batch that would be queued, if the job names a known host and fetcher
     */
    public Optional<String> runJob(String payload) {
        return parse(payload).map(j -> runOne(j, clock.instant().plus(defaultTimeout)));
    }

    private String runOne(Job j, Instant deadline) {
        Map<String, String> meta = Map.of();
        try {
            meta = metaStore.read(j.host.address(), j.plugin).meta();
        } catch (RuntimeException e) {
            // Fetchers get an empty meta map when the meta store is unavailable.
        }
        FetchContext ctx = new FetchContext(j.host.host(), j.plugin, j.host.metricsConfig(), meta, clock, deadline);
        try {
            FetchResult r = j.fetcher.fetch(ctx);
            if (!r.rejected().isEmpty() && warnLog.admit("rejected " + j.key()) >= 0) {
                log.warn("Fetcher {} for {} printed {} malformed line(s), e.g. {}", j.plugin, j.host.address(),
                        r.rejected().size(), r.rejected().get(0));
            }
            counters.linesRejected.add(r.rejected().size());
            return LineCodec.encodeBatch(r.observations());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return warningBatch(j, "interrupted");
        } catch (Exception | LinkageError e) {
            counters.fetchesFailed.increment();
            String msg = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
            logFailure(j, msg);
            return warningBatch(j, msg);
        }
    }

    private void logFailure(Job j, String msg) {
        long dropped = warnLog.admit("fail " + j.key());
        if (dropped >= 0) {
            log.warn("Fetch {} of {} failed: {}", j.plugin, j.host.address(), Excerpt.of(msg, 300));
        }
    }

    private String warningBatch(Job j, String message) {
        return LineCodec.encodeBatch(List.of(
                new Warning(j.host.address(), j.plugin, "command", message, clock.instant().getEpochSecond())));
    }

    private void pushOrLog(Job j, String batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            queue.push(Topic.UPDATE, List.of(batch));
        } catch (RuntimeException e) {
            if (warnLog.admit("push") >= 0) {
                log.warn("Could not queue the result of {} for {}: {}", j.plugin, j.host.address(), e.toString());
            }
        }
    }

    private Optional<Job> parse(String payload) {
        int tab = payload.indexOf('\t');
        if (tab <= 0) {
            if (warnLog.admit("bad job") >= 0) {
                log.warn("Dropping malformed fetch job '{}': expected address TAB plugin", Excerpt.of(payload));
            }
            return Optional.empty();
        }
        String address = payload.substring(0, tab);
        String identifier = payload.substring(tab + 1).strip();
        Optional<HostEntry> host = config.host(address);
        if (host.isEmpty()) {
            long held = warnLog.admit("unknown address");
            if (held >= 0) {
                log.warn("Dropping fetch job for address '{}': not in the configuration{}", Excerpt.of(address),
                        held > 0 ? " (" + held + " more such jobs dropped since the last report)" : "");
            }
            return Optional.empty();
        }
        PluginRef plugin;
        try {
            plugin = PluginRef.parse(identifier);
        } catch (IllegalArgumentException e) {
            if (warnLog.admit("bad job") >= 0) {
                log.warn("Dropping fetch job '{}': {}", Excerpt.of(payload), Excerpt.of(String.valueOf(e.getMessage())));
            }
            return Optional.empty();
        }
        Optional<MetricsFetcher> fetcher = registry.fetcher(plugin.name());
        if (fetcher.isEmpty()) {
            if (warnLog.admit("no fetcher") >= 0) {
                log.warn("Dropping fetch job for {} of '{}': no fetcher '{}' is installed", Excerpt.of(plugin.toString()),
                        Excerpt.of(address), Excerpt.of(plugin.name()));
            }
            return Optional.empty();
        }
        return Optional.of(new Job(host.get(), plugin, fetcher.get()));
    }

    private record Job(HostEntry host, PluginRef plugin, MetricsFetcher fetcher) {
        String key() {
            return host.address() + " " + plugin.identifier();
        }
    }

    /** Stops taking jobs; fetches in flight get until their deadline, unacknowledged jobs are delivered again later. */
    @Override
    public void close() {
        List<Thread> ts;
        synchronized (this) {
            running = false;
            ts = List.copyOf(consumers);
            consumers.clear();
        }
        for (Thread t : ts) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(defaultTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
        deadlines.shutdownNow();
    }
}
