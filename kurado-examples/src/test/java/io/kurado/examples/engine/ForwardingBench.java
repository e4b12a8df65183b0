package io.kurado.examples.engine;

import io.kurado.api.Host;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.core.Kurado;
import io.kurado.core.cluster.Peer;
import io.kurado.core.cluster.Placement;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import io.kurado.core.engine.Role;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testing.ManualClock;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import io.kurado.rrd.graph.RrdGraphRendererProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What reading from another node costs: a graph drawn by the node that holds its host, asked of
 * that node and of another node that forwards it; a graph that reads a series of another node's
 * host against one that reads only local files; one series read from the other node against one
 * read here. Two nodes in one JVM on loopback, real RRD files of a day of minutes. Not a test: run
 * it by hand, e.g. {@code java -cp <kurado-examples' test classpath> io.kurado.examples.engine.ForwardingBench [graphs]}.
 * Prints RESULT lines.
 */
public final class ForwardingBench {
    private static final long T = 1_700_000_040L;
    private static final String A_HOST = "10.0.0.1";
    private static final String B_HOST = "10.0.0.2";

    private ForwardingBench() {}

    public static void main(String[] args) throws Exception {
        int graphs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path dir = Files.createTempDirectory("kurado-forwardbench");
        ManualClock clock = ManualClock.atEpochSecond(T);
        InMemoryMetaStore meta = new InMemoryMetaStore(clock, ZoneId.of("UTC"));
        List<AutoCloseable> open = new ArrayList<>();
        try {
            Node a = new Node("a", dir, clock, meta, open);
            Node b = new Node("b", dir, clock, meta, open);
            Node both = new Node("both", dir, clock, meta, open);
            a.write(A_HOST);
            b.write(B_HOST);
            both.write(A_HOST);
            both.write(B_HOST);
            a.place(Map.of(B_HOST, new Placement(false, List.of(new Peer("b", b.url, true)))));
            b.place(Map.of(A_HOST, new Placement(false, List.of(new Peer("a", a.url, true)))));
            HttpClient http = HttpClient.newHttpClient();

            // warm every path first, then alternate the two ways of each pair so that both see the same load
            for (int i = 0; i < 50; i++) {
                graph(http, b, B_HOST, "one", 2000 + i);
                graph(http, a, B_HOST, "one", 2100 + i);
                graph(http, both, A_HOST, "both", 2200 + i);
                graph(http, a, A_HOST, "both", 2300 + i);
            }
            long direct = 0;
            long forwarded = 0;
            long local = 0;
            long mixed = 0;
            for (int i = 0; i < graphs; i++) {
                direct += graph(http, b, B_HOST, "one", 300 + 2 * i);
                forwarded += graph(http, a, B_HOST, "one", 301 + 2 * i);
                local += graph(http, both, A_HOST, "both", 300 + 2 * i);
                mixed += graph(http, a, A_HOST, "both", 301 + 2 * i);
            }
            System.out.printf(Locale.ROOT, "RESULT forward graph_on_holder_ms=%.2f graph_forwarded_ms=%.2f overhead_ms=%.2f graphs=%d%n",
                    direct / 1e6 / graphs, forwarded / 1e6 / graphs, (forwarded - direct) / 1e6 / graphs, graphs);
            System.out.printf(Locale.ROOT, "RESULT forward rrd_ex_all_local_ms=%.2f rrd_ex_one_remote_series_ms=%.2f overhead_ms=%.2f graphs=%d%n",
                    local / 1e6 / graphs, mixed / 1e6 / graphs, (mixed - local) / 1e6 / graphs, graphs);

            Storage reads = a.engine.context().orElseThrow().readStorage();
            SeriesQuery q = new SeriesQuery(new SeriesRef(B_HOST, "v", MetricKey.of("v.gauge")), Consolidation.AVERAGE,
                    Instant.ofEpochSecond(T - 86_400), Instant.ofEpochSecond(T), Duration.ofSeconds(60));
            SeriesQuery qLocal = new SeriesQuery(new SeriesRef(A_HOST, "v", MetricKey.of("v.gauge")), Consolidation.AVERAGE,
                    Instant.ofEpochSecond(T - 86_400), Instant.ofEpochSecond(T), Duration.ofSeconds(60));
            int reads1 = graphs * 10;
            for (int i = 0; i < 500; i++) {
                reads.read(q);
                reads.read(qLocal);
            }
            long localNs = 0;
            long remoteNs = 0;
            for (int i = 0; i < reads1; i++) {
                long t0 = System.nanoTime();
                reads.read(qLocal);
                long t1 = System.nanoTime();
                reads.read(q);
                localNs += t1 - t0;
                remoteNs += System.nanoTime() - t1;
            }
            double localUs = localNs / 1e3 / reads1;
            double remoteUs = remoteNs / 1e3 / reads1;
            long lastNs = 0;
            for (int i = 0; i < reads1; i++) {
                long t0 = System.nanoTime();
                reads.lastUpdate(q.series());
                lastNs += System.nanoTime() - t0;
            }
            System.out.printf(Locale.ROOT, "RESULT forward last_update_remote_us=%.0f reads=%d%n", lastNs / 1e3 / reads1, reads1);
            System.out.printf(Locale.ROOT, "RESULT forward series_read_local_us=%.0f series_read_remote_us=%.0f points=1441 reads=%d%n",
                    localUs, remoteUs, reads1);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    /** @return the nanoseconds of one graph, of a width not asked before (so that no cache answers) */
    private static long graph(HttpClient http, Node node, String address, String graph, int width)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(node.url.resolve("/graph?address=" + address
                + "&plugin_identifier=v&graph=" + graph + "&term=day&width=" + width)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(graph + " of " + address + " on " + node.id + ": " + r.statusCode());
        }
        return System.nanoTime() - t0;
    }

    /** A node running the web role over its own data directory. */
    private static final class Node {
        final String id;
        final RrdStorage storage;
        final Kurado engine;
        final URI url;

        Node(String id, Path dir, ManualClock clock, InMemoryMetaStore meta, List<AutoCloseable> open) {
            this.id = id;
            Path data = dir.resolve(id);
            storage = new RrdStorage(data, RrdStorageOptions.defaults(clock));
            open.add(storage);
            Settings settings = new Settings(Optional.empty(), data, data, List.of(), 4, 1, 1,
                    Settings.parseListen("127.0.0.1:0"), Duration.ofSeconds(30), Map.of());
            Roll roll = new Roll("r.yml", dir.resolve("r.yml"), Map.of(), List.of(PluginRef.of("v")));
            List<HostEntry> hosts = new ArrayList<>();
            for (String a : List.of(A_HOST, B_HOST)) {
                hosts.add(new HostEntry(new Host(a, "host-" + a, ""), "svc", "", roll, Map.of()));
            }
            KuradoConfig config = new KuradoConfig(dir.resolve("kurado.yml"), settings, Map.of(),
                    List.of(new Service("svc", List.of(new Section("", hosts)))), Map.of("r.yml", roll));
            PluginRegistry registry = PluginRegistry.builder().viewer(new ReadingFromOtherNodesTest.Viewer("v"))
                    .graphRendererProvider(new RrdGraphRendererProvider()).build();
            engine = Kurado.builder().config(config).registry(registry).storage(storage).metaStore(meta).clock(clock)
                    .roles(Set.of(Role.WEB)).nodeName(id).closeResources(false).build().start();
            open.add(engine);
            url = URI.create("http://127.0.0.1:" + engine.webAddress().orElseThrow().getPort() + "/");
        }

        void place(Map<String, Placement> remote) {
            engine.context().orElseThrow().placement(address -> remote.getOrDefault(address, Placement.HERE));
        }

        /** A day of minutes, a sine around 50. */
        void write(String address) {
            List<Sample> s = new ArrayList<>();
            for (long t = T - 86_400; t <= T; t += 60) {
                s.add(new Sample(address, PluginRef.of("v"), MetricKey.of("v.gauge"), 50 + 40 * Math.sin(t / 3600.0), t));
                if (s.size() == 60) {
                    storage.write(s);
                    s = new ArrayList<>();
                }
            }
            storage.write(s);
            storage.flush();
        }
    }
}
