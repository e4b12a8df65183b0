package io.kurado.examples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Host;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.api.meta.PluginState;
import io.kurado.api.queue.Topic;
import io.kurado.core.Kurado;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.IngestLimits;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import io.kurado.core.engine.Role;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.memory.InMemoryQueue;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testing.ManualClock;
import io.kurado.core.testkit.Await;
import io.kurado.rrd.RrdLayout;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end in one JVM: the in-memory queue and meta store, a manual clock and real RRD
 * files written by rrd4j.
 */
class EngineTest {
    private static final long T = 1_404_873_350L; // the seed README's sample time

    @TempDir
    Path data;

    private final ManualClock clock = ManualClock.atEpochSecond(T);
    private final InMemoryQueue queue = new InMemoryQueue(10_000, clock);
    private final InMemoryMetaStore meta = new InMemoryMetaStore(clock, ZoneId.of("UTC"));
    private RrdStorage storage;

    @AfterEach
    void closeAll() {
        queue.close();
        if (storage != null) {
            storage.close();
        }
    }

    private KuradoConfig config(List<PluginRef> plugins, String... addresses) {
        Settings settings = new Settings(Optional.empty(), data, data, List.of(), 1, 2, 2,
                Settings.parseListen("127.0.0.1:0"), Duration.ofSeconds(30), Map.of());
        Roll roll = new Roll("r.yml", data.resolve("r.yml"), Map.of(), plugins);
        List<HostEntry> hosts = new ArrayList<>();
        for (String a : addresses) {
            hosts.add(new HostEntry(new Host(a, "host-" + a, ""), "svc", "", roll, Map.of()));
        }
        return new KuradoConfig(data.resolve("kurado.yml"), settings, Map.of(),
                List.of(new Service("svc", List.of(new Section("", hosts)))), Map.of("r.yml", roll));
    }

    private Kurado engine(KuradoConfig cfg, PluginRegistry registry, Role... roles) {
        storage = new RrdStorage(data, RrdStorageOptions.defaults(clock));
        return Kurado.builder().config(cfg).registry(registry).storage(storage).queue(queue).metaStore(meta)
                .clock(clock).roles(Set.of(roles)).nodeName("t").closeResources(false).build();
    }

    private double last(Path file) {
        storage.flush();
        try (org.rrd4j.core.RrdDb db = org.rrd4j.core.RrdDb.getBuilder().setPath(file.toString()).setReadOnly(true)
                .setBackendFactory(new org.rrd4j.core.RrdRandomAccessFileBackendFactory()).build()) {
            return db.getLastDatasourceValue("n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aPushedBatchEndsUpInTheRightFilesAndMeta() throws Exception {
        String batch = String.join("\n",
                "192.168.0.1\tbase.metrics.loadavg-1.gauge\t0.75\t" + T,
                "192.168.0.1\tbase.metrics.cpu-user.derive\t44682\t" + T,
                "# a comment the agent may send",
                "192.168.0.1\tbase.meta.uptime\t86400\t" + T,
                "192.168.0.1\tbase.warn.traffic\tno interface found\t" + T,
                "this line is broken",
                "192.168.0.1\thttp:80.metrics.busy.gauge\t12\t" + T) + "\n";
        try (Kurado k = engine(config(List.of(PluginRef.of("base")), "192.168.0.1"), PluginRegistry.builder().build(), Role.UPDATE)) {
            k.start();
            queue.push(Topic.UPDATE, List.of(batch));
            Await.until("the batch is written", () -> k.stats().batchesWritten() >= 1);
            assertThat(k.stats().samplesWritten()).isEqualTo(3);
            assertThat(k.stats().linesRejected()).isEqualTo(1);
        }
        Path load = RrdLayout.file(data, "192.168.0.1", "base", MetricKey.of("loadavg-1.gauge"));
        assertThat(load).isEqualTo(data.toAbsolutePath().resolve("192.168.0.1/base/loadavg-1.gauge.rrd"));
        assertThat(load).exists();
        assertThat(last(load)).isEqualTo(0.75);
        assertThat(data.resolve("192.168.0.1/base/cpu-user.derive.rrd")).exists();
        Path busy = data.resolve("192.168.0.1/http%3A80/busy.gauge.rrd");
        assertThat(busy).exists();
        assertThat(last(busy)).isEqualTo(12.0);
        PluginState base = meta.read("192.168.0.1", PluginRef.of("base"));
        assertThat(base.meta()).containsEntry("uptime", "86400");
        assertThat(base.warnings()).containsEntry("traffic", "2014-07-09T02:35:50 no interface found");
        assertThat(base.lastReceived()).contains(clock.instant());
        assertThat(meta.read("192.168.0.1", PluginRef.of("http", "80")).lastReceived()).isPresent();
    }

    /** Succeeds at once. */
    record Ok(String id) implements MetricsFetcher {
        @Override
        public FetchResult fetch(FetchContext c) {
            return FetchResult.builder(c.host().address(), c.plugin(), T).gauge("value", 42).build();
        }
    }

    /** Fails at once. */
    /** A viewer with nothing to draw, so that the engine has no plugin without a viewer to warn about. */
    record NoGraphs(String id) implements io.kurado.api.view.MetricsViewer {
        @Override
        public List<io.kurado.api.view.GraphGroup> list(io.kurado.api.view.ViewContext context) {
            return List.of();
        }

        @Override
        public Optional<String> graph(io.kurado.api.view.ViewContext context, String name) {
            return Optional.empty();
        }
    }

    record Boom(String id) implements MetricsFetcher {
        @Override
        public FetchResult fetch(FetchContext c) {
            throw new IllegalStateException("connection refused");
        }
    }

    /** Hangs until released, past its one-second deadline. */
    record Hang(String id, CountDownLatch started, CountDownLatch release) implements MetricsFetcher {
        @Override
        public FetchResult fetch(FetchContext c) throws InterruptedException {
            started.countDown();
            release.await();
            return FetchResult.builder(c.host().address(), c.plugin(), T).build();
        }

        @Override
        public Optional<Duration> timeout() {
            return Optional.of(Duration.ofSeconds(1));
        }
    }

    @Test
    void failingAndHangingFetchersBecomeWarningsWithoutDelayingOthers() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PluginRegistry registry = PluginRegistry.builder().fetcher(new Ok("ok")).fetcher(new Boom("boom"))
                .fetcher(new Hang("hang", started, release))
                .viewer(new NoGraphs("ok")).viewer(new NoGraphs("boom")).viewer(new NoGraphs("hang")).build();
        KuradoConfig cfg = config(List.of(PluginRef.of("hang"), PluginRef.of("boom"), PluginRef.of("ok")), "10.0.0.1");
        try (Kurado k = engine(cfg, registry, Role.FETCH, Role.UPDATE)) {
            k.start();
            queue.push(Topic.FETCH, List.of("10.0.0.1\thang", "10.0.0.1\tboom", "10.0.0.1\tok"));
            started.await();
            Path ok = data.resolve("10.0.0.1/ok/value.gauge.rrd");
            Await.until("ok is written and boom has warned", () -> Files.exists(ok) && !meta.read("10.0.0.1", PluginRef.of("boom")).warnings().isEmpty());
            assertThat(release.getCount()).as("the hanging fetch is still hanging").isEqualTo(1);
            assertThat(last(ok)).isEqualTo(42.0);
            assertThat(meta.read("10.0.0.1", PluginRef.of("boom")).warnings().get("command")).endsWith("connection refused");
            Await.until("hang has warned", () -> meta.read("10.0.0.1", PluginRef.of("hang")).warnings().containsKey("command"));
            assertThat(meta.read("10.0.0.1", PluginRef.of("hang")).warnings().get("command"))
                    .endsWith("fetch did not finish within 1 s");
            assertThat(k.stats().fetchesTimedOut()).isEqualTo(1);
            assertThat(k.stats().fetchesFailed()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void closeLosesNothingTaken() throws Exception {
        int batches = 300;
        List<String> all = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            all.add("10.1." + (i / 250) + "." + (i % 250) + "\tbase.metrics.loadavg-1.gauge\t" + i + "\t" + T);
        }
        queue.push(Topic.UPDATE, all);
        long written;
        try (Kurado k = engine(config(List.of(PluginRef.of("base")), "10.1.0.0"), PluginRegistry.builder().build(), Role.UPDATE)) {
            k.start();
            Await.until("something is written", () -> k.stats().batchesWritten() >= 1);
            k.close();
            written = k.stats().batchesWritten();
        }
        // whatever the updaters had taken but not written comes back to a consumer of their name
        for (int i = 0; i < 2; i++) {
            queue.consumer(Topic.UPDATE, "t-update-" + i).close();
        }
        assertThat(written + queue.depth(Topic.UPDATE)).isEqualTo(batches);
        storage.close(); // what was written and still waits for its file goes into it
        try (var files = Files.walk(data)) {
            assertThat(files.filter(p -> p.toString().endsWith(".rrd")).count()).isEqualTo(written);
        }
    }

    @Test
    void batchesOfOneHostQueuedTogetherAreWrittenInQueueOrder() throws Exception {
        // an agent flushing what it buffered while Redis was down: many minutes of one host at once
        int minutes = 120;
        List<String> batches = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            long ts = T + 60L * m;
            StringBuilder b = new StringBuilder();
            for (int h = 0; h < 8; h++) {
                b.append("10.2.0.").append(h).append("\tbase.metrics.cpu-user.derive\t").append(1000 + 600L * m)
                        .append('\t').append(ts).append('\n');
            }
            batches.add(b.toString());
        }
        // the manual clock stands at T while the buffered minutes run two hours past it: accept them
        KuradoConfig cfg = config(List.of(PluginRef.of("base")), "10.2.0.0");
        cfg = cfg.withSettings(cfg.settings().withIngestLimits(
                new IngestLimits(IngestLimits.DEFAULT.maxBatchBytes(), IngestLimits.DEFAULT.maxLineBytes(), Duration.ofHours(3))));
        try (Kurado k = engine(cfg, PluginRegistry.builder().build(), Role.UPDATE)) {
            k.start();
            for (String b : batches) {
                queue.push(Topic.UPDATE, List.of(b)); // one at a time, each taken while the last may be in writing
                Await.until("the batch is taken", () -> queue.depth(Topic.UPDATE) == 0);
            }
            Await.until("every batch is written", () -> k.stats().batchesWritten() == minutes);
            assertThat(k.stats().samplesSkipped()).as("samples skipped as out of order").isZero();
            assertThat(k.stats().samplesWritten()).isEqualTo(minutes * 8L);
        }
        assertThat(storage.lastUpdate(new io.kurado.api.storage.SeriesRef("10.2.0.5", "base", MetricKey.of("cpu-user.derive"))))
                .hasValue(T + 60L * (minutes - 1));
    }
}
