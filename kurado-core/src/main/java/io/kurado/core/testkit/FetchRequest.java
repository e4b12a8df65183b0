package io.kurado.core.testkit;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fetch to run: the host, the plugin arguments, {@code metrics_config}, the stored meta, the
 * clock and the deadline. {@link #run()} calls the fetcher once, as a fetch worker would (through
 * {@link MetricsFetcher#fetchAsync}, whose default runs {@code fetch} on a thread of its own), and
 * returns what happened; it never throws for what the fetcher does.
 *
 * <p>Defaults: host {@code 127.0.0.1}, no arguments, empty configuration and meta, a
 * {@link ManualClock} at 2014-07-09T03:55:00Z (the clock stands still unless the test moves it;
 * network timeouts still count real time), deadline 10 s. The fetch's context carries the
 * deadline (clock time plus the deadline); a fetcher that honours it gives up by itself. One still
 * running a second after the deadline in real time is abandoned (its thread interrupted) and
 * reported as timed out, as the engine would cut it.
 */
public final class FetchRequest {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The default clock's time: a Wednesday morning, as good as any. */
    public static final Instant DEFAULT_TIME = Instant.parse("2014-07-09T03:55:00Z");
    /** How long after its deadline a fetch is abandoned. */
    public static final Duration GRACE = Duration.ofSeconds(1);

    private final MetricsFetcher fetcher;
    private final String name;
    private Host host = Host.of("127.0.0.1");
    private List<String> arguments = List.of();
    private Map<String, Object> metricsConfig = Map.of();
    private Map<String, String> meta = Map.of();
    private InstantSource clock = new ManualClock(DEFAULT_TIME);
    private Duration deadline = Duration.ofSeconds(10);

    FetchRequest(MetricsFetcher fetcher, String name) {
        this.fetcher = fetcher;
        this.name = name;
    }

    /**
     * @param host the host fetched
     * @return this request
     */
    public FetchRequest host(Host host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /**
     * @param address the address of the host fetched (its hostname the same)
     * @return this request
     */
    public FetchRequest address(String address) {
        return host(Host.of(address));
    }

    /**
     * @param arguments the plugin arguments, as a roll writes them after the name ({@code http:8080} → {@code "8080"})
     * @return this request
     */
    public FetchRequest arguments(String... arguments) {
        this.arguments = List.of(arguments);
        return this;
    }

    /**
     * @param plugin a roll entry, e.g. {@code redis:6380}; its name must be this fetcher's
     * @return this request
     */
    public FetchRequest entry(PluginRef plugin) {
        if (!plugin.name().equals(name)) {
            throw new IllegalArgumentException("entry " + plugin + " is not for plugin " + name);
        }
        this.arguments = plugin.arguments();
        return this;
    }

    /**
     * @param metricsConfig the host's merged {@code metrics_config}
     * @return this request
     */
    public FetchRequest metricsConfig(Map<String, Object> metricsConfig) {
        this.metricsConfig = Map.copyOf(metricsConfig);
        return this;
    }

    /**
     * @param meta the plugin's meta stored from earlier fetches
     * @return this request
     */
    public FetchRequest meta(Map<String, String> meta) {
        this.meta = Map.copyOf(meta);
        return this;
    }

    /**
     * @param clock the clock the fetch reads
     * @return this request
     */
    public FetchRequest clock(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * @param deadline how long the fetch may take
     * @return this request
     */
    public FetchRequest deadline(Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive");
        }
        this.deadline = deadline;
        return this;
    }

    /** @return the roll entry this request fetches */
    public PluginRef plugin() {
        return new PluginRef(name, arguments);
    }

    /** @return the fetcher */
    public MetricsFetcher fetcher() {
        return fetcher;
    }

    /**
     * Runs the fetch once.
     *
     * @return what the fetcher returned, or how it failed, and how long it took
     */
    public FetchRun run() {
        PluginRef plugin = plugin();
        FetchContext ctx = new FetchContext(host, plugin, metricsConfig, meta, clock, clock.instant().plus(deadline));
        // As a fetch worker: through fetchAsync, whose default runs fetch on the executor given.
        List<Thread> workers = new CopyOnWriteArrayList<>();
        Executor executor = task -> {
            Thread t = new Thread(task, "kurado-testkit-fetch-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            workers.add(t);
            t.start();
        };
        long start = System.nanoTime();
        CompletableFuture<FetchResult> result;
        try {
            result = fetcher.fetchAsync(ctx, executor).toCompletableFuture();
        } catch (RuntimeException | LinkageError e) {
            result = CompletableFuture.failedFuture(e);
        }
        try {
            FetchResult r = result.get(deadline.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
            return FetchRun.of(host, plugin, ctx, r, elapsed(start));
        } catch (TimeoutException e) {
            result.cancel(true);
            workers.forEach(Thread::interrupt);
            return FetchRun.failed(host, plugin, ctx, new TimeoutException("fetch did not finish within " + seconds(deadline)), elapsed(start), true);
        } catch (ExecutionException e) {
            return FetchRun.failed(host, plugin, ctx, unwrap(e.getCause()), elapsed(start), false);
        } catch (CancellationException e) {
            return FetchRun.failed(host, plugin, ctx, e, elapsed(start), false);
        } catch (InterruptedException e) {
            result.cancel(true);
            workers.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            return FetchRun.failed(host, plugin, ctx, e, elapsed(start), false);
        }
    }

    /** What the fetcher threw, without the wrappers of the future it came through. */
    private static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static String seconds(Duration d) {
        return io.kurado.core.internal.engine.FetchWorkers.seconds(d);
    }
}
