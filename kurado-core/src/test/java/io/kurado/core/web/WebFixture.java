package io.kurado.core.web;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.api.graph.GraphData;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaWrite;
import io.kurado.api.meta.PluginState;
import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetaItem;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import io.kurado.core.config.WebLimits;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testing.ManualClock;
import io.kurado.core.testkit.RecordingMeters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small world for the web tests: two services, three hosts, a {@code base} viewer whose meta
 * may contain markup, an {@code http} plugin with a fetcher and viewer, a manual clock, an in-memory
 * meta store and a graph backend that counts its renders.
 */
final class WebFixture {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    final ManualClock clock = new ManualClock(NOW);
    final Meta meta = new Meta();
    final Graphs graphs = new Graphs();
    final RecordingMeters meters = new RecordingMeters();
    final KuradoConfig config;
    final PluginRegistry registry;
    final KuradoWeb web;

    WebFixture() {
        this(WebLimits.DEFAULT, 2, Duration.ofSeconds(10));
    }

    WebFixture(WebLimits limits, int renderThreads, Duration renderWait) {
        Roll web = new Roll("web.yml", Path.of("web.yml"), Map.of(), List.of(PluginRef.of("base"), PluginRef.of("http", "80")));
        Roll db = new Roll("db.yml", Path.of("db.yml"), Map.of(), List.of(PluginRef.of("base")));
        HostEntry a = new HostEntry(new Host("10.0.0.1", "web01", "front <b>end</b>"), "Shop", "Web", web, Map.of());
        HostEntry b = new HostEntry(new Host("10.0.0.2", "web02", ""), "Shop", "Web", web, Map.of());
        HostEntry c = new HostEntry(new Host("10.0.1.1", "db<script>alert(1)</script>", "primary"), "Data & Co", "", db, Map.of());
        Settings settings = new Settings(Optional.empty(), Path.of("data"), Path.of("rolls"), List.of(), 2, 1, 1,
                Settings.parseListen("127.0.0.1:0"), Duration.ofSeconds(30), Map.of()).withWebLimits(limits);
        config = new KuradoConfig(Path.of("kurado.yml"), settings, Map.of(),
                List.of(new Service("Data & Co", List.of(new Section("", List.of(c)))),
                        new Service("Shop", List.of(new Section("Web", List.of(a, b))))),
                Map.of("web.yml", web, "db.yml", db));
        registry = PluginRegistry.builder().viewer(new BaseViewer()).viewer(new HttpViewer()).fetcher(new HttpFetcher()).build();
        this.web = KuradoWeb.builder().config(config).registry(registry).metaStore(meta).graphs(graphs).clock(clock)
                .zone(ZoneOffset.UTC).renderThreads(renderThreads).renderWait(renderWait).meters(meters).build();
        fresh("10.0.0.1");
        fresh("10.0.0.2");
        fresh("10.0.1.1");
    }

    void fresh(String address) {
        meta.received(address, PluginRef.of("base"), clock.instant().minusSeconds(30));
    }

    WebResponse get(String target) {
        return web.handler().handle(WebRequest.get(target));
    }

    WebResponse get(String target, Map<String, String> headers) {
        return web.handler().handle(WebRequest.of("GET", target, headers));
    }

    /** Meta values, warnings and arrival times held in maps. */
    static final class Meta implements MetaStore {
        private final Map<String, PluginState> states = new ConcurrentHashMap<>();
        private final Set<String> warned = ConcurrentHashMap.newKeySet();

        void received(String address, PluginRef p, Instant at) {
            PluginState old = read(address, p);
            states.put(address + "/" + p.identifier(), new PluginState(old.meta(), old.warnings(), Optional.of(at)));
        }

        /** Forgets everything about a host's plugin, as if its data had never arrived. */
        void forget(String address, PluginRef p) {
            states.remove(address + "/" + p.identifier());
        }

        void meta(String address, PluginRef p, Map<String, String> meta) {
            PluginState old = read(address, p);
            states.put(address + "/" + p.identifier(), new PluginState(meta, old.warnings(), old.lastReceived()));
        }

        void warn(String address, PluginRef p, String key, String message) {
            PluginState old = read(address, p);
            Map<String, String> w = new HashMap<>(old.warnings());
            w.put(key, message);
            states.put(address + "/" + p.identifier(), new PluginState(old.meta(), w, old.lastReceived()));
            warned.add(address);
        }

        @Override
        public void write(MetaWrite write) {
            throw new UnsupportedOperationException("the web only reads");
        }

        @Override
        public PluginState read(String address, PluginRef plugin) {
            return states.getOrDefault(address + "/" + plugin.identifier(), PluginState.empty());
        }

        @Override
        public boolean hasWarning(String address) {
            return warned.contains(address);
        }

        private final Map<String, Map<String, String>> state = new ConcurrentHashMap<>();

        @Override
        public Map<String, String> readState(String namespace) {
            return Map.copyOf(state.getOrDefault(namespace, Map.of()));
        }

        @Override
        public void writeState(String namespace, Map<String, String> put, Set<String> remove) {
            Map<String, String> m = state.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>());
            m.keySet().removeAll(remove);
            m.putAll(put);
        }

        @Override
        public void close() {}
    }

    /** A base viewer: one group per interface in meta, a CPU group with badges taken from meta. */
    static class BaseViewer implements MetricsViewer {
        @Override
        public String id() {
            return "base";
        }

        @Override
        public List<GraphGroup> list(ViewContext ctx) {
            List<GraphGroup> out = new ArrayList<>();
            out.add(GraphGroup.of("Traffic(eth0)", "traffic-eth0"));
            List<MetaItem> badges = new ArrayList<>();
            ctx.meta("version").ifPresent(v -> badges.add(MetaItem.of("version", v)));
            ctx.meta("rawlink").ifPresent(v -> badges.add(new MetaItem("link", v, true)));
            out.add(new GraphGroup("CPU Memory", badges, List.of("cpu", "memory-usage")));
            return out;
        }

        @Override
        public Optional<String> graph(ViewContext ctx, String name) {
            return Set.of("traffic-eth0", "cpu", "memory-usage").contains(name) ? Optional.of("DEF:n=<%RRD_FOR " + name + ".gauge %>:n:AVERAGE") : Optional.empty();
        }
    }

    /** An http viewer with one graph. */
    static final class HttpViewer implements MetricsViewer {
        @Override
        public String id() {
            return "http";
        }

        @Override
        public List<GraphGroup> list(ViewContext ctx) {
            return List.of(GraphGroup.of("Apache Status", "busy"));
        }

        @Override
        public Optional<String> graph(ViewContext ctx, String name) {
            return name.equals("busy") ? Optional.of("DEF:b=<%RRD_FOR busy.gauge %>:n:AVERAGE") : Optional.empty();
        }
    }

    /** An http fetcher that is never run here; its presence makes http a pull plugin. */
    static final class HttpFetcher implements MetricsFetcher {
        @Override
        public String id() {
            return "http";
        }

        @Override
        public FetchResult fetch(FetchContext context) {
            throw new UnsupportedOperationException("not fetched in web tests");
        }
    }

    /** Graphs whose last update is set by the test; every render is counted. */
    static final class Graphs implements GraphBackend {
        final AtomicInteger renders = new AtomicInteger();
        final Map<String, Long> lastUpdate = new ConcurrentHashMap<>();
        final Set<String> failing = new HashSet<>();
        final List<GraphQuery> asked = new ArrayList<>();
        volatile String failure = "opening 'x.rrd': No such file or directory";
        volatile int dataRows = 2;
        volatile String lastUpdateFailure;
        /** When set, an export waits for it after counting down {@link #exporting}. */
        volatile CountDownLatch holdExport;
        final CountDownLatch exporting = new CountDownLatch(1);

        @Override
        public synchronized Optional<PreparedGraph> prepare(GraphQuery q) {
            asked.add(q);
            if (!Set.of("traffic-eth0", "cpu", "memory-usage", "busy").contains(q.graph())) {
                return Optional.empty();
            }
            String key = q.host().address() + "/" + q.graph();
            return Optional.of(new PreparedGraph() {
                @Override
                public OptionalLong lastUpdate() {
                    if (lastUpdateFailure != null) {
                        throw new io.kurado.api.KuradoException(lastUpdateFailure);
                    }
                    Long t = lastUpdate.get(key);
                    return t == null ? OptionalLong.empty() : OptionalLong.of(t);
                }

                @Override
                public byte[] png() {
                    if (failing.contains(q.graph())) {
                        throw new IllegalStateException(failure);
                    }
                    renders.incrementAndGet();
                    return new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) q.width()};
                }

                @Override
                public GraphData data() {
                    CountDownLatch hold = holdExport;
                    if (hold != null) {
                        exporting.countDown();
                        try {
                            hold.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    List<GraphData.Row> rows = new ArrayList<>(List.of(
                            new GraphData.Row(1000, List.of(1.5, Double.NaN)),
                            new GraphData.Row(1060, List.of(2.0, 3.0))));
                    for (int i = 2; i < dataRows; i++) {
                        rows.add(new GraphData.Row(1000 + 60L * i, List.of(1.0, 1.0)));
                    }
                    return new GraphData(List.of("in", "out, \"bytes\""), rows);
                }
            });
        }
    }
}
