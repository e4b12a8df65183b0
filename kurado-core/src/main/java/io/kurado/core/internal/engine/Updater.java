package io.kurado.core.internal.engine;

import io.kurado.api.Sample;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaWrite;
import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.Topic;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.WriteResult;
import io.kurado.core.config.IngestLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update role: takes metric batches from the update queue in bulk, decodes them, writes samples
 * to storage and meta values, warnings and arrival times to the meta store, then acknowledges them.
 *
 * <p>One consumer thread takes up to a few hundred batches at a time, in queue order; their samples
 * are split by host and plugin among the writer threads, so the files of one host are always written
 * by the same thread in the order their batches were queued (an agent flushing the batches it
 * buffered while Redis was down must not have its older samples skipped as out of order).
 *
 * <p>A batch is acknowledged only after it is written, so a crash loses nothing (the queue delivers
 * it again), and every batch taken is acknowledged once handled, whatever its bytes. What storage
 * keeps refusing ({@link #WRITE_ATTEMPTS} attempts) is given back to the queue rather than held,
 * and batches are taken again only after a pause that grows while the refusals last. What cannot be
 * trusted is kept out, counted and reported by {@link BatchIntake} within {@link IngestLimits}: the
 * rest of its batch is written, and the reports are bounded per host and per kind. While the pause
 * file is fresh, nothing is taken.
 */
public final class Updater implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Updater.class);
    private static final int MAX_BATCHES_PER_POLL = 200;
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    /**
     * How long the thread of several topics waits in Redis, on one of them in turn, once all were
     * found empty: a batch on that one wakes it at once, the others' are taken within this.
     */
    static final Duration IDLE_WAIT = Duration.ofSeconds(1);
    /**
     * The longest wait before a failed poll or write is tried again: short, so that writing
     * resumes within a second of Redis or storage coming back (the reports stay once a minute).
     */
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(1);
    /** Attempts to write what was taken before it is given back to the queue. */
    public static final int WRITE_ATTEMPTS = 4;
    /** The pause before taking batches again after giving some back; doubled while storage keeps refusing. */
    static final Duration GIVE_BACK_PAUSE = Duration.ofSeconds(1);
    static final Duration MAX_GIVE_BACK_PAUSE = Duration.ofSeconds(30);

    private final Queue queue;
    private final Storage storage;
    private final MetaStore metaStore;
    private final InstantSource clock;
    private final PauseFile pauseFile;
    private final EngineCounters counters;
    private final BatchIntake intake;
    private final RateLimitedLog failureLog;
    private final List<Thread> threads = new ArrayList<>();
    /** The topics of the thread of several topics ({@link #startTopics}), added and removed while it runs. */
    private final List<Source> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object sourcesChanged = new Object();
    private boolean topicsStarted;
    private ExecutorService writers;
    private int writerCount = 1;
    private volatile boolean running;
    private volatile boolean pausedLogged;

    /**
     * @param queue where batches come from
     * @param storage where samples go
     * @param metaStore where meta values, warnings and arrival times go
     * @param clock the clock
     * @param dataDir the data directory (for the pause file)
     * @param counters the engine's counters
     */
    public Updater(Queue queue, Storage storage, MetaStore metaStore, InstantSource clock, Path dataDir, EngineCounters counters) {
        this(queue, storage, metaStore, clock, dataDir, counters, IngestLimits.DEFAULT);
    }

    /**
     * @param queue where batches come from
     * @param storage where samples go
     * @param metaStore where meta values, warnings and arrival times go
     * @param clock the clock
     * @param dataDir the data directory (for the pause file)
     * @param counters the engine's counters
     * @param limits what is accepted from the queue
     */
    public Updater(Queue queue, Storage storage, MetaStore metaStore, InstantSource clock, Path dataDir, EngineCounters counters,
            IngestLimits limits) {
        this(queue, storage, metaStore, clock, dataDir, counters, limits, log::warn);
    }

    Updater(Queue queue, Storage storage, MetaStore metaStore, InstantSource clock, Path dataDir, EngineCounters counters,
            IngestLimits limits, Consumer<String> rejectReports) {
        this.queue = queue;
        this.storage = storage;
        this.metaStore = metaStore;
        this.clock = clock;
        this.pauseFile = new PauseFile(dataDir, clock);
        this.counters = counters;
        this.intake = new BatchIntake(limits, clock, counters, rejectReports);
        this.failureLog = new RateLimitedLog(clock, Duration.ofMinutes(1));
    }

    /**
     * Starts the consumer thread of {@link Topic#UPDATE} and the writer threads.
     *
     * @param workers how many threads write to storage
     * @param nodeName this process's name; the consumer is named {@code <node>-update-1} so that a
     *     restarted process takes back what its predecessor had taken
     */
    public synchronized void start(int workers, String nodeName) {
        start(workers, nodeName, Topic.UPDATE);
    }

    /**
     * Starts the consumer thread of a topic and the writer threads: an updater of its own for each
     * topic that batches are routed to.
     *
     * @param workers how many threads write to storage
     * @param nodeName this process's name; the consumer is named {@code <node>-update-1} so that a
     *     restarted process takes back what its predecessor had taken
     * @param topic the topic whose batches it writes
     */
    public synchronized void start(int workers, String nodeName, Topic topic) {
        start(workers, topic, nodeName + "-update-1");
    }

    /**
     * Starts the consumer thread of a topic under a consumer name of the caller's, and the writer
     * threads.
     *
     * @param workers how many threads write to storage
     * @param topic the topic whose batches it writes
     * @param consumerName the consumer's name: a consumer opened later under this name takes back
     *     what this one had taken and not acknowledged
     */
    public synchronized void start(int workers, Topic topic, String consumerName) {
        running = true;
        startWriters(workers);
        QueueConsumer consumer = queue.consumer(topic, consumerName);
        Thread t = new Thread(() -> loop(consumer), topic.equals(Topic.UPDATE) ? "kurado-update-1" : "kurado-update-" + topic);
        t.setDaemon(false);
        threads.add(t);
        t.start();
    }

    /**
     * Starts one consumer thread for a changing set of topics, such as the shard copies a node of a
     * group owns, and the writer threads. Each turn it takes what waits in every topic without
     * waiting (one command each), writes it all at once, and acknowledges each topic's part; only
     * when every topic was empty does it wait, in Redis, on one of them in turn, for up to
     * {@link #IDLE_WAIT}. One host's batches are in one topic and stay in order.
     *
     * @param workers how many threads write to storage
     * @param threadName the consumer thread's name
     */
    public synchronized void startTopics(int workers, String threadName) {
        if (topicsStarted) {
            throw new IllegalStateException("already started");
        }
        topicsStarted = true;
        running = true;
        startWriters(workers);
        Thread t = new Thread(this::loopTopics, threadName);
        t.setDaemon(false);
        threads.add(t);
        t.start();
    }

    /**
     * Adds a topic to the thread of several topics ({@link #startTopics}).
     *
     * @param topic the topic whose batches it writes from now on
     * @param consumerName the consumer's name: the consumer takes back what an earlier one of this
     *     name had taken and not acknowledged
     * @return closing it stops taking from the topic, once what was taken from it is written and
     *     acknowledged (or given back), and returns then
     */
    public AutoCloseable take(Topic topic, String consumerName) {
        Source s = new Source(topic, consumerName);
        sources.add(s);
        synchronized (sourcesChanged) {
            sourcesChanged.notifyAll();
        }
        return () -> {
            s.removing = true;
            synchronized (sourcesChanged) {
                sourcesChanged.notifyAll();
            }
            boolean alive;
            synchronized (this) {
                alive = running && !threads.isEmpty();
            }
            if (!alive) {
                s.closeConsumer();
                sources.remove(s);
                s.done.countDown();
            }
            if (!s.done.await(60, TimeUnit.SECONDS)) {
                log.warn("Stopping to take {} did not finish within 60 s", topic);
            }
        };
    }

    /** A topic of the thread of several topics. */
    private static final class Source {
        final Topic topic;
        final String consumerName;
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        volatile boolean removing;
        QueueConsumer consumer;

        Source(Topic topic, String consumerName) {
            this.topic = topic;
            this.consumerName = consumerName;
        }

        void closeConsumer() {
            QueueConsumer c = consumer;
            consumer = null;
            if (c != null) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    log.debug("Closing the consumer of {} failed: {}", topic, e.toString());
                }
            }
        }
    }

    /** What one turn took from one topic. */
    private record Taken(Source source, List<Delivery> deliveries) {}

    /** @return the topics to take from now: the removed ones closed and let go, the new ones opened */
    private List<Source> currentSources() {
        for (Source s : sources) {
            if (s.removing || !running) {
                s.closeConsumer();
                sources.remove(s);
                s.done.countDown();
            }
        }
        List<Source> live = new ArrayList<>(sources.size());
        for (Source s : sources) {
            if (s.consumer == null) {
                s.consumer = queue.consumer(s.topic, s.consumerName);
            }
            live.add(s);
        }
        return live;
    }

    private void loopTopics() {
        long backoff = 0;
        int givenBack = 0;
        int turn = 0;
        try {
            while (running) {
                try {
                    if (pausedByFile()) {
                        currentSources();
                        TimeUnit.SECONDS.sleep(1);
                        continue;
                    }
                    List<Source> live = currentSources();
                    if (live.isEmpty()) {
                        synchronized (sourcesChanged) {
                            if (running && sources.isEmpty()) {
                                sourcesChanged.wait(IDLE_WAIT.toMillis());
                            }
                        }
                        continue;
                    }
                    List<Taken> taken = new ArrayList<>(live.size());
                    for (Source s : live) {
                        List<Delivery> d = s.consumer.poll(MAX_BATCHES_PER_POLL, Duration.ZERO);
                        if (!d.isEmpty()) {
                            taken.add(new Taken(s, d));
                        }
                    }
                    if (taken.isEmpty()) {
                        Source s = live.get(Math.floorMod(turn++, live.size()));
                        List<Delivery> d = s.consumer.poll(MAX_BATCHES_PER_POLL, IDLE_WAIT);
                        if (d.isEmpty()) {
                            continue;
                        }
                        taken.add(new Taken(s, d));
                        // a router appends to every shard queue at once: what woke this one is likely in the others too
                        for (Source o : live) {
                            if (o != s) {
                                List<Delivery> more = o.consumer.poll(MAX_BATCHES_PER_POLL, Duration.ZERO);
                                if (!more.isEmpty()) {
                                    taken.add(new Taken(o, more));
                                }
                            }
                        }
                    }
                    List<Delivery> all = new ArrayList<>();
                    for (Taken t : taken) {
                        all.addAll(t.deliveries());
                    }
                    counters.batchesTaken.add(all.size());
                    if (!writeOrGiveBack(all, () -> taken.forEach(t -> t.source().consumer.release(t.deliveries())))) {
                        pauseAfterGiveBack(++givenBack);
                        continue;
                    }
                    givenBack = 0;
                    for (Taken t : taken) {
                        t.source().consumer.ack(t.deliveries());
                    }
                    backoff = 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    backoff = afterQueueFailure(backoff, e);
                }
            }
        } finally {
            for (Source s : sources) {
                s.closeConsumer();
                sources.remove(s);
                s.done.countDown();
            }
        }
    }

    private void loop(QueueConsumer consumer) {
        try (consumer) {
            long backoff = 0;
            int givenBack = 0;
            while (running) {
                try {
                    if (pausedByFile()) {
                        TimeUnit.SECONDS.sleep(1);
                        continue;
                    }
                    List<Delivery> taken = consumer.poll(MAX_BATCHES_PER_POLL, POLL_TIMEOUT);
                    if (taken.isEmpty()) {
                        continue;
                    }
                    counters.batchesTaken.add(taken.size());
                    if (!writeOrGiveBack(taken, () -> consumer.release(taken))) {
                        pauseAfterGiveBack(++givenBack);
                        continue;
                    }
                    givenBack = 0;
                    consumer.ack(taken);
                    backoff = 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    backoff = afterQueueFailure(backoff, e);
                }
            }
        }
    }

    /**
     * Writes what was taken, trying again a few times; when storage keeps refusing, gives it back to
     * the queue instead of holding it.
     *
     * @return true when written; false when given back
     */
    private boolean writeOrGiveBack(List<Delivery> taken, Runnable giveBack) throws InterruptedException {
        long backoff = 250;
        BatchIntake.Accepted in = intake.decode(taken); // once: a retry neither counts nor reports rejects again
        for (int attempt = 1; ; attempt++) {
            try {
                write(taken.size(), in);
                return true;
            } catch (RuntimeException e) {
                if (!running) {
                    log.warn("Stopping with {} batches unwritten; they stay on the queue: {}", taken.size(), e.toString());
                    throw new InterruptedException("closing");
                }
                if (attempt >= WRITE_ATTEMPTS) {
                    giveBack.run();
                    long dropped = failureLog.admit("give-back");
                    if (dropped >= 0) {
                        log.warn("Cannot store {} batches ({} attempts): {}; gave them back to the queue, for another server or a"
                                + " later try{}", taken.size(), attempt, e.toString(),
                                dropped > 0 ? " (" + dropped + " similar reports suppressed)" : "");
                    }
                    return false;
                }
                if (failureLog.admit("write") >= 0) {
                    log.warn("Writing {} batches failed, retrying in {} ms: {}", taken.size(), backoff, e.toString());
                }
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_RETRY_DELAY.toMillis());
            }
        }
    }

    /** Starts the threads that write to storage, when there are to be more than one. */
    private void startWriters(int workers) {
        writerCount = Math.max(1, workers);
        if (writerCount > 1) {
            AtomicInteger n = new AtomicInteger();
            writers = Executors.newFixedThreadPool(writerCount, r -> {
                Thread t = new Thread(r, "kurado-update-writer-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** @return whether the pause file holds updates back now; says so once when it starts and once when it ends */
    private boolean pausedByFile() {
        if (pauseFile.isPaused()) {
            if (!pausedLogged) {
                pausedLogged = true;
                log.info("Updates paused: {} is younger than {} minutes", pauseFile.path(), PauseFile.MAX_AGE.toMinutes());
            }
            return true;
        }
        if (pausedLogged) {
            pausedLogged = false;
            log.info("Updates resumed");
        }
        return false;
    }

    /**
     * After batches were given back: they are taken again only after a pause that grows while
     * storage keeps refusing, so that another server takes them meanwhile and this one does not spin.
     *
     * @param givenBack how many times in a row batches were given back
     */
    private void pauseAfterGiveBack(int givenBack) throws InterruptedException {
        pauseWhileRunning(Math.min(GIVE_BACK_PAUSE.toMillis() << Math.min(givenBack - 1, 5), MAX_GIVE_BACK_PAUSE.toMillis()));
    }

    /**
     * The queue failed: waits a back-off that doubles up to {@link #MAX_RETRY_DELAY}, said once per
     * burst of failures.
     *
     * @return the back-off waited, the base of the next
     */
    private long afterQueueFailure(long backoff, RuntimeException e) {
        long next = Math.min(Math.max(backoff * 2, 250), MAX_RETRY_DELAY.toMillis());
        if (failureLog.admit("poll") >= 0) {
            log.warn("Update queue unavailable, retrying in {} ms: {}", next, e.toString());
        }
        sleepQuietly(next);
        return next;
    }

    private void pauseWhileRunning(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (running && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
        }
    }

    /**
     * Decodes and writes batches (without acknowledging them).
     *
     * @param batches the deliveries of the update queue
     * @return the number of samples written
     * @throws RuntimeException when storage or the meta store fails as a whole; nothing is then
     *     acknowledged and the batches are written again
     */
    public int write(List<Delivery> batches) {
        return write(batches.size(), intake.decode(batches));
    }

    private int write(int batches, BatchIntake.Accepted in) {
        List<Sample> samples = in.samples();
        long now = clock.millis();
        WriteResult wr = writeSamples(samples);
        metaStore.write(new MetaWrite(in.meta(), in.warnings(), in.received(), now / 1000));

        counters.samplesWritten.add(wr.written());
        counters.samplesSkipped.add(wr.skipped());
        counters.samplesFailed.add(wr.failed());
        counters.batchesWritten.add(batches);
        long newest = samples.stream().mapToLong(Sample::timestamp).max().orElse(-1);
        if (newest > 0) {
            counters.lagMillis.set(Math.max(0, now - newest * 1000));
        }
        if (!wr.failures().isEmpty()) {
            long dropped = failureLog.admit("storage");
            if (dropped >= 0) {
                log.warn("{} samples could not be stored, e.g. {}{}", wr.failed(), wr.failures().get(0),
                        dropped > 0 ? " (" + dropped + " similar reports suppressed)" : "");
            }
        }
        intake.explainSkips(samples, wr, storage);
        return wr.written();
    }

    /** Writes samples, split by host and plugin among the writer threads when there are several. */
    private WriteResult writeSamples(List<Sample> samples) {
        ExecutorService pool = writers;
        int parts = writerCount;
        if (pool == null || parts < 2 || samples.size() < 2) {
            return storage.write(samples);
        }
        List<List<Sample>> split = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            split.add(new ArrayList<>(samples.size() / parts + 16));
        }
        for (Sample s : samples) {
            int h = s.address().hashCode() * 31 + s.plugin().hashCode();
            split.get(Math.floorMod(h, parts)).add(s);
        }
        List<Future<WriteResult>> futures = new ArrayList<>(parts);
        for (List<Sample> part : split) {
            if (!part.isEmpty()) {
                futures.add(pool.submit(() -> storage.write(part)));
            }
        }
        int written = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        RuntimeException error = null;
        for (Future<WriteResult> f : futures) {
            try {
                WriteResult r = f.get();
                written += r.written();
                skipped += r.skipped();
                failures.addAll(r.failures());
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                RuntimeException re = c instanceof RuntimeException r ? r : new IllegalStateException(c);
                if (error == null) {
                    error = re;
                } else {
                    error.addSuppressed(re);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing samples", e);
            }
        }
        if (error != null) {
            throw error;
        }
        return new WriteResult(written, skipped, failures);
    }

    /** Stops taking batches, finishes writing what was taken, and closes the consumers. */
    @Override
    public void close() {
        List<Thread> ts;
        synchronized (this) {
            running = false;
            ts = List.copyOf(threads);
            threads.clear();
        }
        for (Thread t : ts) {
            try {
                t.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                log.warn("{} did not stop within 60 s", t.getName());
            }
        }
        ExecutorService pool;
        synchronized (this) {
            pool = writers;
            writers = null;
        }
        if (pool != null) {
            pool.shutdown();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
