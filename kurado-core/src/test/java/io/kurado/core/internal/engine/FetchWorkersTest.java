package io.kurado.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.PluginRef;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.api.line.LineCodec;
import io.kurado.api.queue.Topic;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testing.ManualClock;
import io.kurado.core.testkit.RecordingMeters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchWorkersTest {
    @TempDir
    Path dir;

    final Fakes.ListQueue queue = new Fakes.ListQueue();
    final EngineCounters counters = new EngineCounters();

    FetchWorkers workers(InstantSource clock, Duration timeout, MetricsFetcher... fetchers) {
        PluginRegistry.Builder b = PluginRegistry.builder();
        for (MetricsFetcher f : fetchers) {
            b.fetcher(f);
        }
        var cfg = Fakes.config(dir, List.of(PluginRef.of("ok", "80"), PluginRef.of("boom"), PluginRef.of("hang")), "10.0.0.1", "10.0.0.2");
        return new FetchWorkers(cfg, b.build(), queue, new Fakes.RecordingMetaStore(), clock, 4, timeout, counters);
    }

    @Test
    void aFetchGetsTheHostArgumentsAndConfigAndItsResultIsEncoded() {
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_764_064_800));
        FetchWorkers w = workers(clock, Duration.ofSeconds(30), new Ok());
        String batch = w.runJob("10.0.0.1\tok:80").orElseThrow();
        assertThat(batch).isEqualTo("10.0.0.1\tok%3A80.metrics.port.gauge\t80\t1764064800\n"
                + "10.0.0.1\tok%3A80.meta.user\tu\t1764064800\n");
    }

    @Test
    void aFailingFetchBecomesAWarnCommandLine() {
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_764_064_800));
        FetchWorkers w = workers(clock, Duration.ofSeconds(30), new Boom());
        String batch = w.runJob("10.0.0.2\tboom").orElseThrow();
        var decoded = LineCodec.decodeBatch(batch);
        assertThat(decoded.warnings()).singleElement().satisfies(x -> {
            assertThat(x.address()).isEqualTo("10.0.0.2");
            assertThat(x.key()).isEqualTo("command");
            assertThat(x.message()).isEqualTo("connection refused to 10.0.0.2:3306");
        });
        assertThat(counters.snapshot(0, 0).fetchesFailed()).isEqualTo(1);
    }

    @Test
    void aFailureWhoseMessageIsOnlyAPathSaysWhatKindOfFailureItWas() {
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_764_064_800));
        FetchWorkers w = workers(clock, Duration.ofSeconds(30), new Missing());

        String batch = w.runJob("10.0.0.2\tboom").orElseThrow();

        assertThat(LineCodec.decodeBatch(batch).warnings()).singleElement()
                .satisfies(x -> assertThat(x.message()).isEqualTo("file not found: /nonexistent"));
    }

    @Test
    void jobsForUnknownHostsOrPluginsAreDropped() {
        FetchWorkers w = workers(InstantSource.system(), Duration.ofSeconds(30), new Ok());
        assertThat(w.runJob("10.9.9.9\tok:80")).isEmpty();
        assertThat(w.runJob("10.0.0.1\tnosuch")).isEmpty();
        assertThat(w.runJob("garbage")).isEmpty();
    }

    @Test
    void aHangingFetchIsCutAtItsDeadlineWithoutDelayingOthers() throws Exception {
        Hang hang = new Hang();
        var pushed = new java.util.concurrent.LinkedBlockingQueue<String>();
        Fakes.ListQueue results = new Fakes.ListQueue() {
            @Override
            public synchronized void push(Topic topic, List<String> messages) {
                pushed.addAll(messages);
            }
        };
        var cfg = Fakes.config(dir, List.of(PluginRef.of("ok", "80"), PluginRef.of("hang")), "10.0.0.1", "10.0.0.2");
        FetchWorkers pooled = new FetchWorkers(cfg, PluginRegistry.builder().fetcher(new Ok()).fetcher(hang).build(), results,
                new Fakes.RecordingMetaStore(), InstantSource.system(), 4, Duration.ofMillis(300), counters);
        var consumer = new SingleShotConsumer(List.of("10.0.0.1\thang", "10.0.0.1\tok:80", "10.0.0.2\tok:80"));
        try (pooled) {
            pooled.startWith(consumer);
            String first = pushed.poll(5, TimeUnit.SECONDS);
            String second = pushed.poll(5, TimeUnit.SECONDS);
            assertThat(List.of(first, second)).allSatisfy(b -> assertThat(b).contains("ok%3A80.metrics.port.gauge"));
            assertThat(hang.started.await(5, TimeUnit.SECONDS)).isTrue();
            String third = pushed.poll(5, TimeUnit.SECONDS);
            assertThat(third).contains("hang.warn.command").contains("did not finish within 0.300 s");
            assertThat(consumer.acked.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(counters.snapshot(0, 0).fetchesTimedOut()).isEqualTo(1);
        assertThat(counters.snapshot(0, 0).fetchesRun()).isEqualTo(3);
        assertThat(hang.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void fetchDurationsAreRecordedByPluginNameAndOutcome() throws Exception {
        RecordingMeters meters = new RecordingMeters();
        counters.bindTo(meters);
        var pushed = new java.util.concurrent.LinkedBlockingQueue<String>();
        Fakes.ListQueue results = new Fakes.ListQueue() {
            @Override
            public synchronized void push(Topic topic, List<String> messages) {
                pushed.addAll(messages);
            }
        };
        var cfg = Fakes.config(dir, List.of(PluginRef.of("ok", "80"), PluginRef.of("boom"), PluginRef.of("hang")), "10.0.0.1");
        FetchWorkers pooled = new FetchWorkers(cfg, PluginRegistry.builder().fetcher(new Ok()).fetcher(new Boom()).fetcher(new Hang()).build(),
                results, new Fakes.RecordingMetaStore(), InstantSource.system(), 4, Duration.ofMillis(300), counters);
        var consumer = new SingleShotConsumer(List.of("10.0.0.1\tok:80", "10.0.0.1\tboom", "10.0.0.1\thang"));
        try (pooled) {
            pooled.startWith(consumer);
            for (int i = 0; i < 3; i++) {
                assertThat(pushed.poll(5, TimeUnit.SECONDS)).isNotNull();
            }
        }
        String name = "kurado_fetch_duration_seconds";
        assertThat(meters.durations(name, "plugin", "ok", "outcome", "success")).singleElement()
                .satisfies(n -> assertThat(n).isNotNegative());
        assertThat(meters.durations(name, "plugin", "boom", "outcome", "failure")).hasSize(1);
        assertThat(meters.durations(name, "plugin", "hang", "outcome", "timeout")).singleElement()
                .satisfies(n -> assertThat(n).isPositive());
        assertThat(meters.durations(name, "plugin", "ok:80", "outcome", "success")).as("never the arguments").isEmpty();
    }

    @Test
    void aNonBlockingFetcherHoldsNoThreadAndIsCancelledAtItsDeadline() throws Exception {
        AsyncHang hang = new AsyncHang();
        var pushed = new java.util.concurrent.LinkedBlockingQueue<String>();
        Fakes.ListQueue results = new Fakes.ListQueue() {
            @Override
            public synchronized void push(Topic topic, List<String> messages) {
                pushed.addAll(messages);
            }
        };
        var cfg = Fakes.config(dir, List.of(PluginRef.of("ok", "80"), PluginRef.of("asynchang")), "10.0.0.1", "10.0.0.2");
        FetchWorkers pooled = new FetchWorkers(cfg, PluginRegistry.builder().fetcher(new Ok()).fetcher(hang).build(), results,
                new Fakes.RecordingMetaStore(), InstantSource.system(), 2, Duration.ofMillis(300), counters);
        // Two slots, two hanging fetches first: the ok ones run once the hanging ones are cut.
        var consumer = new SingleShotConsumer(List.of("10.0.0.1	asynchang", "10.0.0.2	asynchang", "10.0.0.1	ok:80", "10.0.0.2	ok:80"));
        try (pooled) {
            pooled.startWith(consumer);
            List<String> batches = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batches.add(pushed.poll(5, TimeUnit.SECONDS));
            }
            assertThat(batches).filteredOn(b -> b.contains("asynchang.warn.command\tfetch did not finish within 0.300 s")).hasSize(2);
            assertThat(batches).filteredOn(b -> b.contains("ok%3A80.metrics.port.gauge")).hasSize(2);
            assertThat(consumer.acked.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(hang.cancelled.await(5, TimeUnit.SECONDS)).as("the deadline cancels the fetch's future").isTrue();
        assertThat(hang.threads).as("started, not run on a pool thread").allSatisfy(t -> assertThat(t).startsWith("kurado-fetch-starter-"));
    }

    /** Never answers, without blocking a thread. */
    static final class AsyncHang implements MetricsFetcher {
        final CountDownLatch cancelled = new CountDownLatch(2);
        final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String id() {
            return "asynchang";
        }

        @Override
        public FetchResult fetch(FetchContext ctx) {
            throw new AssertionError("the engine starts fetches through fetchAsync");
        }

        @Override
        public java.util.concurrent.CompletionStage<FetchResult> fetchAsync(FetchContext ctx, java.util.concurrent.Executor executor) {
            threads.add(Thread.currentThread().getName());
            java.util.concurrent.CompletableFuture<FetchResult> f = new java.util.concurrent.CompletableFuture<>();
            f.whenComplete((r, e) -> {
                if (f.isCancelled()) {
                    cancelled.countDown();
                }
            });
            return f;
        }
    }

    static final class Ok implements MetricsFetcher {
        @Override
        public String id() {
            return "ok";
        }

        @Override
        public FetchResult fetch(FetchContext ctx) {
            @SuppressWarnings("unchecked")
            Map<String, Object> mysql = (Map<String, Object>) ctx.metricsConfig().get("MySQL");
            return ctx.result().gauge("port", Integer.parseInt(ctx.argument(0).orElseThrow()))
                    .meta("user", String.valueOf(mysql.get("user"))).build();
        }
    }

    static final class Boom implements MetricsFetcher {
        @Override
        public String id() {
            return "boom";
        }

        @Override
        public FetchResult fetch(FetchContext ctx) throws Exception {
            throw new java.io.IOException("connection refused to " + ctx.host().address() + ":3306");
        }
    }

    /** Reads a file that is not there. */
    static final class Missing implements MetricsFetcher {
        @Override
        public String id() {
            return "boom";
        }

        @Override
        public FetchResult fetch(FetchContext ctx) throws Exception {
            throw new java.nio.file.NoSuchFileException("/nonexistent");
        }
    }

    static final class Hang implements MetricsFetcher {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public String id() {
            return "hang";
        }

        @Override
        public Optional<Duration> timeout() {
            return Optional.of(Duration.ofHours(1));
        }

        @Override
        public FetchResult fetch(FetchContext ctx) {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return ctx.result().warn("never", "seen").build();
        }
    }

    /** Hands out its jobs once, then nothing; counts acknowledgements. */
    static final class SingleShotConsumer implements io.kurado.api.queue.QueueConsumer {
        private final java.util.Deque<String> jobs;
        final CountDownLatch acked;

        SingleShotConsumer(List<String> jobs) {
            this.jobs = new java.util.ArrayDeque<>(jobs);
            this.acked = new CountDownLatch(jobs.size());
        }

        @Override
        public synchronized List<io.kurado.api.queue.Delivery> poll(int max, Duration timeout) throws InterruptedException {
            List<io.kurado.api.queue.Delivery> out = new java.util.ArrayList<>();
            while (out.size() < max && !jobs.isEmpty()) {
                out.add(new io.kurado.api.queue.Delivery(Topic.FETCH, jobs.poll()));
            }
            if (out.isEmpty()) {
                TimeUnit.MILLISECONDS.sleep(Math.min(50, timeout.toMillis()));
            }
            return out;
        }

        @Override
        public void ack(List<io.kurado.api.queue.Delivery> deliveries) {
            deliveries.forEach(d -> acked.countDown());
        }

        @Override
        public void close() {}
    }
}
