package io.kurado.core.internal.engine;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch role: takes fetch jobs from the fetch queue, runs the plugin's {@link MetricsFetcher}
 * against the host with a deadline, and puts what it returns on the update queue.
 *
 * <p>Fetches run concurrently up to a bound. Each starts through
 * {@link MetricsFetcher#fetchAsync}: a fetcher with a non-blocking client (the HTTP ones) holds no
 * thread while it waits, so thousands of fetches can wait on slow servers at once; a blocking one
 * runs on a thread of the fetch pool (small stacks, as many as the bound). Endpoints that accept
 * and never answer cost only their deadline and never hold up the others (measured with
 * {@code kurado bench fetch}). A fetch that throws or passes its deadline becomes one
 * {@code <plugin>.warn.command} line for that host, as in the original; a hanging fetch is abandoned
 * at its deadline (its thread is interrupted) and never delays the others. A job is acknowledged
 * once its result or warning is on the update queue.
 */
public final class FetchWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FetchWorkers.class);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    /** The default bound of concurrent fetches per {@code fetch_worker}. */
    public static final int CONCURRENCY_PER_WORKER = 4096;
    /** Threads of the fetch pool (for fetchers that block) per 4096 concurrent fetches. */
    private static final int THREADS_PER_BOUND = 512;
    /** Stack of a fetch thread: network clients and parsers of status pages need little. */
    private static final long STACK_BYTES = 512 * 1024;
    /** The most results put on the update queue in one call. */
    private static final int PUSH_CHUNK = 500;
    private static final int STARTERS = 8;

    private final Supplier<KuradoConfig> config;
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
    /** Where finished fetches are encoded, off the threads of non-blocking clients. */
    private final ExecutorService results;
    /** Where jobs are started (meta read, fetch begun), so that a slow meta store does not delay the next job's start. */
    private final ExecutorService starters;
    private final LinkedBlockingQueue<Finished> toPush = new LinkedBlockingQueue<>();
    private final Thread pusher;
    private volatile boolean pusherStopping;
    private final List<Thread> consumers = new ArrayList<>();
    private volatile boolean running;
    private volatile Topic resultTopic = Topic.UPDATE;

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
        this(() -> config, registry, queue, metaStore, clock, concurrency, defaultTimeout, counters);
    }

    /**
     * @param config the configuration in force, read for each job (a reload changes it)
     * @param registry the fetchers
     * @param queue where jobs come from and results go
     * @param metaStore the stored meta handed to fetchers
     * @param clock the clock
     * @param concurrency how many fetches run at once
     * @param defaultTimeout the deadline of a fetch whose plugin declares none shorter
     * @param counters the engine's counters
     */
    public FetchWorkers(Supplier<KuradoConfig> config, PluginRegistry registry, Queue queue, MetaStore metaStore,
            InstantSource clock, int concurrency, Duration defaultTimeout, EngineCounters counters) {
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
        // Threads only for fetchers that block; a fetch beyond them waits in the pool's queue, its deadline running.
        int threads = Math.max(8, Math.min(concurrency, (int) ((long) concurrency * THREADS_PER_BOUND / CONCURRENCY_PER_WORKER)));
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(null, r, "kurado-fetch-" + n.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        AtomicInteger rn = new AtomicInteger();
        this.results = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "kurado-fetch-results-" + rn.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger sn = new AtomicInteger();
        this.starters = Executors.newFixedThreadPool(STARTERS, r -> {
            Thread t = new Thread(r, "kurado-fetch-starter-" + sn.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pusher = new Thread(this::pushLoop, "kurado-fetch-pusher");
        pusher.setDaemon(true);
        pusher.start();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kurado-fetch-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
    }

    /**
     * Starts consumer threads; each takes jobs and hands them to the fetch pool.
     *
     * @param consumerThreads how many consumers
     * @param nodeName this process's name, for consumer names {@code <node>-fetch-<n>}
     */
    public synchronized void start(int consumerThreads, String nodeName) {
        start(consumerThreads, nodeName, Topic.FETCH, Topic.UPDATE);
    }

    /**
     * Starts consumer threads on a topic of jobs, putting results on another topic.
     *
     * @param consumerThreads how many consumers
     * @param nodeName this process's name, for consumer names {@code <node>-fetch-<n>}
     * @param jobs the topic jobs are taken from
     * @param results the topic what the fetchers return is put on
     */
    public synchronized void start(int consumerThreads, String nodeName, Topic jobs, Topic results) {
        this.resultTopic = results;
        try {
            for (int i = 1; i <= consumerThreads; i++) {
                startWith(queue.consumer(jobs, nodeName + "-fetch-" + i));
            }
        } catch (RuntimeException | Error e) {
            stopConsumers(); // those started so far would otherwise poll on for ever
            throw e;
        }
        log.info("Fetching with up to {} concurrent fetches, deadline {}", concurrency, seconds(defaultTimeout));
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
        Pending pending = new Pending();
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
                    Instant taken = clock.instant();
                    for (Delivery job : jobs) {
                        slots.acquire();
                        pending.add();
                        Runnable onDone = () -> {
                            done.add(job);
                            pending.done();
                        };
                        starters.execute(() -> {
                            try {
                                submit(job, taken, onDone);
                            } catch (RuntimeException | LinkageError e) {
                                log.warn("Could not start fetch job '{}': {}", job.payload(), e.toString());
                                slots.release();
                                onDone.run();
                            }
                        });
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
            // What this consumer took is fetched, pushed and acknowledged before it closes: a job
            // acknowledged by nobody would come back after a restart and be fetched twice.
            if (!pending.awaitNone(defaultTimeout.plusSeconds(2))) {
                log.warn("{} fetch job(s) still running at close are left to be delivered again", pending.count());
            }
            ackDone(consumer, done);
        }
    }

    /** The jobs a consumer handed over that have not finished. */
    private static final class Pending {
        private int count;

        synchronized void add() {
            count++;
        }

        synchronized void done() {
            count--;
            if (count == 0) {
                notifyAll();
            }
        }

        synchronized int count() {
            return count;
        }

        synchronized boolean awaitNone(Duration max) {
            long deadline = System.nanoTime() + max.toNanos();
            while (count > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
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

    /**
     * Starts a job. Its deadline counts from when it was taken off the queue, so that a round
     * ends one deadline after the fetch workers took it, however long starting thousands of
     * fetches takes.
     */
    private void submit(Delivery job, Instant taken, Runnable onDone) {
        Optional<Job> parsed = parse(job.payload());
        if (parsed.isEmpty()) {
            slots.release();
            onDone.run();
            return;
        }
        Job j = parsed.get();
        AtomicBoolean finished = new AtomicBoolean();
        Duration timeout = j.fetcher.timeout().filter(t -> t.compareTo(defaultTimeout) < 0).orElse(defaultTimeout);
        Instant deadline = taken.plus(timeout);
        JobExecutor executor = new JobExecutor(pool);
        long started = System.nanoTime();
        CompletableFuture<FetchResult> fetch;
        try {
            fetch = j.fetcher.fetchAsync(context(j, deadline), executor).toCompletableFuture();
        } catch (RuntimeException | LinkageError e) {
            fetch = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<FetchResult> running = fetch;
        ScheduledFuture<?> cut = deadlines.schedule(() -> {
            if (finished.compareAndSet(false, true)) {
                running.cancel(true);
                executor.interrupt();
                counters.fetchesTimedOut.increment();
                counters.fetched(j.plugin.name(), "timeout", System.nanoTime() - started);
                String msg = "fetch did not finish within " + seconds(timeout);
                logFailure(j, msg);
                finish(j, warningBatch(j, msg), onDone);
            }
        }, Math.max(0, Duration.between(clock.instant(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        running.whenCompleteAsync((r, e) -> {
            if (finished.compareAndSet(false, true)) {
                cut.cancel(false);
                counters.fetched(j.plugin.name(), e == null ? "success" : "failure", System.nanoTime() - started);
                finish(j, e == null ? encode(j, r) : failureBatch(j, e), onDone);
            }
        }, results);
    }

    /**
     * @param d a duration
     * @return it in seconds as a person reads it: {@code 30 s}, {@code 0.300 s}
     */
    public static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.3f s", ms / 1000.0);
    }

    /** Queues a finished job's batch for the pusher, which puts many on the update queue at once. */
    private void finish(Job j, String batch, Runnable onDone) {
        toPush.add(new Finished(j, batch, onDone));
    }

    private record Finished(Job job, String batch, Runnable onDone) {}

    private void pushLoop() {
        List<Finished> chunk = new ArrayList<>();
        while (true) {
            try {
                Finished first = toPush.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (pusherStopping) {
                        return;
                    }
                    continue;
                }
                chunk.add(first);
                toPush.drainTo(chunk, PUSH_CHUNK - 1);
                List<String> batches = new ArrayList<>(chunk.size());
                for (Finished f : chunk) {
                    if (!f.batch().isEmpty()) {
                        batches.add(f.batch());
                    }
                }
                try {
                    if (!batches.isEmpty()) {
                        queue.push(resultTopic, batches);
                    }
                } catch (RuntimeException e) {
                    if (warnLog.admit("push") >= 0) {
                        log.warn("Could not queue the results of {} fetches, e.g. {} for {}: {}", chunk.size(), chunk.get(0).job().plugin,
                                chunk.get(0).job().host.address(), e.toString());
                    }
                }
                for (Finished f : chunk) {
                    complete(f.onDone());
                }
                chunk.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void complete(Runnable onDone) {
        counters.fetchesRun.increment();
        counters.lastFetchDoneMillis.set(clock.millis());
        slots.release();
        onDone.run();
    }

    /** Runs a job's blocking work on the pool and remembers the thread, so that its deadline can interrupt it. */
    private static final class JobExecutor implements Executor {
        private final Executor pool;
        private final AtomicReference<Thread> thread = new AtomicReference<>();
        private volatile boolean interrupted;

        JobExecutor(Executor pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable task) {
            pool.execute(() -> {
                if (interrupted) {
                    task.run(); // past its deadline: the fetch sees no time left and returns at once
                    return;
                }
                thread.set(Thread.currentThread());
                try {
                    task.run();
                } finally {
                    thread.set(null);
                    Thread.interrupted();
                }
            });
        }

        void interrupt() {
            interrupted = true;
            Thread t = thread.get();
            if (t != null) {
                t.interrupt();
            }
        }
    }

    private FetchContext context(Job j, Instant deadline) {
        Map<String, String> meta = Map.of();
        try {
            meta = metaStore.read(j.host.address(), j.plugin).meta();
        } catch (RuntimeException e) {
            // Fetchers get an empty meta map when the meta store is unavailable.
        }
        return new FetchContext(j.host.host(), j.plugin, j.host.metricsConfig(), meta, clock, deadline);
    }

    private String encode(Job j, FetchResult r) {
        if (r == null) {
            return failureBatch(j, new NullPointerException("the fetcher returned no result"));
        }
        if (!r.rejected().isEmpty() && warnLog.admit("rejected " + j.key()) >= 0) {
            log.warn("Fetcher {} for {} printed {} malformed line(s), e.g. {}", j.plugin, j.host.address(),
                    r.rejected().size(), r.rejected().get(0));
        }
        counters.linesRejected.add(r.rejected().size());
        return LineCodec.encodeBatch(r.observations());
    }

    private String failureBatch(Job j, Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof InterruptedException) {
            return warningBatch(j, "interrupted");
        }
        counters.fetchesFailed.increment();
        String msg = FailureText.of(e);
        logFailure(j, msg);
        return warningBatch(j, msg);
    }

    /**
     * Runs one job as the pool would, without deadline enforcement (for tests and tools).
     *
     * @param payload {@code address TAB identifier}
     * @return the batch that would be queued, if the job names a known host and fetcher
     */
    public Optional<String> runJob(String payload) {
        return parse(payload).map(j -> {
            try {
                return encode(j, j.fetcher.fetch(context(j, clock.instant().plus(defaultTimeout))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return warningBatch(j, "interrupted");
            } catch (Exception | LinkageError e) {
                return failureBatch(j, e);
            }
        });
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
        Optional<HostEntry> host = config.get().host(address);
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

    /** @return whether consumers are taking jobs */
    boolean running() {
        return running;
    }

    /** Stops the consumer threads once each has acknowledged what it took (fetches get until their deadline). */
    private void stopConsumers() {
        List<Thread> ts;
        synchronized (this) {
            running = false;
            ts = List.copyOf(consumers);
            consumers.clear();
        }
        for (Thread t : ts) {
            try {
                t.join(defaultTimeout.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops taking jobs; fetches in flight get until their deadline, unacknowledged jobs are delivered again later. */
    @Override
    public void close() {
        stopConsumers();
        try {
            // Fetches in flight get until their deadline (which the deadline timer enforces).
            if (slots.tryAcquire(concurrency, defaultTimeout.toMillis() + 2_000, TimeUnit.MILLISECONDS)) {
                slots.release(concurrency);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
        starters.shutdownNow();
        pusherStopping = true;
        try {
            pusher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadlines.shutdownNow();
        results.shutdown();
        try {
            if (!results.awaitTermination(10, TimeUnit.SECONDS)) {
                results.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            results.shutdownNow();
        }
    }
}
