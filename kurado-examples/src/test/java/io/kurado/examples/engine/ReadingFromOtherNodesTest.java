package io.kurado.examples.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.Host;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.core.Kurado;
import io.kurado.core.cluster.HoldersDownException;
import io.kurado.core.cluster.HostPlacement;
import io.kurado.core.cluster.Peer;
import io.kurado.core.cluster.PeerClient;
import io.kurado.core.cluster.Placement;
import io.kurado.core.cluster.ShardFiles;
import io.kurado.core.cluster.Shards;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import io.kurado.core.config.WebAccess;
import io.kurado.core.engine.Role;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testing.ManualClock;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import io.kurado.rrd.graph.RrdGraphRendererProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in one JVM, each with its own data directory of real RRD files and its web UI on a
 * real socket, sharing one meta store, with a fixed placement: node a holds 10.0.0.1, node b holds
 * 10.0.0.2. Every graph either node serves must be the one its holder draws.
 */
class ReadingFromOtherNodesTest {
    private static final long T = 1_700_000_040L; // a whole minute
    private static final String A_HOST = "10.0.0.1";
    private static final String B_HOST = "10.0.0.2";
    /** Made by Debian's apache2-utils: {@code htpasswd -nbB alice 'correct horse'}. */
    private static final String ALICE = "$2y$05$SwEl.ayWUez1i063ZRuxM.tWCfVWlYT2nEoSVHV.tOLN//1vvZdGG";

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.atEpochSecond(T);
    private final InMemoryMetaStore meta = new InMemoryMetaStore(clock, ZoneId.of("UTC"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** Draws one series of its host ({@code one}) and the same key of 10.0.0.1 and 10.0.0.2 together ({@code both}). */
    record Viewer(String id) implements MetricsViewer {
        @Override
        public List<GraphGroup> list(ViewContext context) {
            return List.of(GraphGroup.of("Values", "one", "both"));
        }

        @Override
        public Optional<String> graph(ViewContext context, String name) {
            return switch (name) {
                case "one" -> Optional.of("DEF:v=<%RRD v.gauge %>:n:AVERAGE\nLINE1:v#0000C0:value\nGPRINT:v:LAST:now %6.2lf\n");
                case "both" -> Optional.of("DEF:a=<%RRD_EX v " + A_HOST + " v.gauge %>:n:AVERAGE\n"
                        + "DEF:b=<%RRD_EX v " + B_HOST + " v.gauge %>:n:AVERAGE\n"
                        + "LINE1:a#0000C0:a\nLINE1:b#C00000:b\nGPRINT:b:LAST:b %6.2lf\n");
                default -> Optional.empty();
            };
        }
    }

    private KuradoConfig config(Path data, WebAccess access) {
        Settings settings = new Settings(Optional.empty(), data, data, List.of(), 2, 1, 1,
                Settings.parseListen("127.0.0.1:0"), Duration.ofSeconds(30), Map.of()).withAccess(access);
        Roll roll = new Roll("r.yml", dir.resolve("r.yml"), Map.of(), List.of(PluginRef.of("v")));
        List<HostEntry> hosts = new ArrayList<>();
        for (String a : List.of(A_HOST, B_HOST, "10.0.0.3")) {
            hosts.add(new HostEntry(new Host(a, "host-" + a, ""), "svc", "", roll, Map.of()));
        }
        return new KuradoConfig(dir.resolve("kurado.yml"), settings, Map.of(),
                List.of(new Service("svc", List.of(new Section("", hosts)))), Map.of("r.yml", roll));
    }

    /** A node: its storage, its engine running the web role. */
    private final class Node implements AutoCloseable {
        final String id;
        final Path data;
        final RrdStorage storage;
        final Kurado engine;
        final URI url;
        final AtomicReference<KuradoConfig> config = new AtomicReference<>();

        Node(String id, WebAccess access) {
            this.id = id;
            this.data = dir.resolve(id);
            this.storage = new RrdStorage(data, RrdStorageOptions.defaults(clock));
            PluginRegistry registry = PluginRegistry.builder().viewer(new Viewer("v"))
                    .graphRendererProvider(new RrdGraphRendererProvider()).build();
            config.set(config(data, access));
            this.engine = Kurado.builder().config(config.get()).configLoader(config::get).registry(registry).storage(storage).metaStore(meta)
                    .clock(clock).roles(Set.of(Role.WEB)).nodeName(id).closeResources(false).build().start();
            this.url = URI.create("http://127.0.0.1:" + engine.webAddress().orElseThrow().getPort() + "/");
            open.add(this);
        }

        Peer peer() {
            return new Peer(id, url, true);
        }

        void place(Map<String, Placement> remote) {
            HostPlacement p = address -> remote.getOrDefault(address, Placement.HERE);
            engine.context().orElseThrow().placement(p);
        }

        /** Three samples of {@code base}, which make the file, then two of {@code base + 5}. */
        void write(String address, double base) {
            List<Sample> s = new ArrayList<>();
            for (int i = 5; i >= 1; i--) {
                s.add(new Sample(address, PluginRef.of("v"), MetricKey.of("v.gauge"), i > 2 ? base : base + 5, T - 60L * i));
            }
            storage.write(s.subList(0, 3));
            storage.write(s.subList(3, 5));
        }

        HttpResponse<byte[]> get(String target) throws IOException, InterruptedException {
            return get(target, Map.of());
        }

        HttpResponse<byte[]> get(String target, Map<String, String> headers) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(target)).timeout(Duration.ofSeconds(30));
            headers.forEach(b::header);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        @Override
        public void close() {
            engine.close();
            storage.close();
            open.remove(this);
        }
    }

    private static Placement at(Peer... holders) {
        return new Placement(false, List.of(holders));
    }

    private static String graph(String address, String graph) {
        return "/graph?address=" + address + "&plugin_identifier=v&graph=" + graph + "&term=day";
    }

    private static String export(String address, String graph) {
        return "/api/graph-data?address=" + address + "&plugin_identifier=v&graph=" + graph + "&term=day";
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Node a holds 10.0.0.1 and node b 10.0.0.2; each knows where the other's host is. */
    private Node[] twoNodes(WebAccess access) {
        Node a = new Node("a", access);
        Node b = new Node("b", access);
        a.place(Map.of(B_HOST, at(b.peer())));
        b.place(Map.of(A_HOST, at(a.peer())));
        a.write(A_HOST, 10);
        b.write(B_HOST, 20);
        return new Node[] {a, b};
    }

    @Test
    void aGraphOfAHostHeldElsewhereIsTheOneItsHolderDraws() throws Exception {
        Node[] n = twoNodes(WebAccess.OPEN);
        HttpResponse<byte[]> direct = n[1].get(graph(B_HOST, "one"));
        HttpResponse<byte[]> forwarded = n[0].get(graph(B_HOST, "one"));
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(forwarded.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(forwarded.headers().firstValue("X-Kurado-Served-By")).contains("b");
        assertThat(forwarded.body()).isEqualTo(direct.body());
        assertThat(forwarded.headers().firstValue("ETag")).isEqualTo(direct.headers().firstValue("ETag"));

        // a browser's validator goes to the holder too, which answers 304 without drawing
        HttpResponse<byte[]> again = n[0].get(graph(B_HOST, "one"), Map.of("If-None-Match", forwarded.headers().firstValue("ETag").get()));
        assertThat(again.statusCode()).isEqualTo(304);

        // the export of the data, too, with the holder's newest samples
        HttpResponse<byte[]> data = n[0].get(export(B_HOST, "one"));
        assertThat(data.statusCode()).isEqualTo(200);
        assertThat(text(data)).isEqualTo(text(n[1].get(export(B_HOST, "one")))).contains("20.0").contains("25.0");
    }

    @Test
    void theReadStorageOfANodeReadsEveryHostsSeriesFromItsHolder() {
        Node[] n = twoNodes(WebAccess.OPEN);
        Storage reads = n[0].engine.context().orElseThrow().readStorage();
        SeriesRef b = new SeriesRef(B_HOST, "v", MetricKey.of("v.gauge"));
        SeriesQuery q = new SeriesQuery(b, Consolidation.AVERAGE, Instant.ofEpochSecond(T - 3600), Instant.ofEpochSecond(T),
                Duration.ofSeconds(60));

        assertThat(reads.keys(B_HOST, "v")).containsExactly(MetricKey.of("v.gauge"));
        assertThat(reads.lastUpdate(b)).hasValue(T - 60);
        assertThat(reads.read(q)).isEqualTo(n[1].storage.read(q)).get().extracting(d -> d.value(d.size() - 2)).isEqualTo(25.0);
        assertThat(reads.read(new SeriesQuery(new SeriesRef(B_HOST, "v", MetricKey.of("none.gauge")), Consolidation.AVERAGE,
                Instant.ofEpochSecond(T - 3600), Instant.ofEpochSecond(T), Duration.ofSeconds(60)))).isEmpty();
        assertThat(n[0].storage.read(q)).as("node a has no file of 10.0.0.2").isEmpty();

        n[1].close();
        assertThatThrownBy(() -> reads.lastUpdate(b)).isInstanceOf(HoldersDownException.class)
                .hasMessageStartingWith("no node holding 10.0.0.2 answered: node b (" + n[1].url + ") refused the connection");
    }

    @Test
    void aGraphOfHostsOfTwoNodesReadsEachSeriesFromItsHolder() throws Exception {
        Node[] n = twoNodes(WebAccess.OPEN);
        // one node that holds both hosts' files draws the reference
        Node both = new Node("both", WebAccess.OPEN);
        both.write(A_HOST, 10);
        both.write(B_HOST, 20);

        HttpResponse<byte[]> combined = n[0].get(export(A_HOST, "both"));
        assertThat(combined.statusCode()).isEqualTo(200);
        assertThat(text(combined)).isEqualTo(text(both.get(export(A_HOST, "both"))));
        assertThat(text(combined)).contains("10.0").contains("15.0").contains("20.0").contains("25.0");
        HttpResponse<byte[]> png = n[0].get(graph(A_HOST, "both"));
        assertThat(png.headers().firstValue("X-Kurado-Served-By")).isEmpty();
        assertThat(png.body()).isEqualTo(both.get(graph(A_HOST, "both")).body());
        // drawn on b, the series of a's host comes from a
        assertThat(n[1].get(graph(A_HOST, "both")).body()).isEqualTo(png.body());
    }

    @Test
    void theComparisonPageOfHostsOfTwoNodesLoadsAndEachImageComesFromItsHolder() throws Exception {
        Node[] n = twoNodes(WebAccess.OPEN);
        HttpResponse<byte[]> page = n[0].get("/servers?address=" + A_HOST + "&address=" + B_HOST);
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("<img class=\"graph\" src=\"([^\"]+)\"").matcher(text(page));
        Map<String, String> servedBy = new HashMap<>();
        while (m.find()) {
            String src = m.group(1).replace("&amp;", "&");
            HttpResponse<byte[]> img = n[0].get(src);
            assertThat(img.statusCode()).as(src).isEqualTo(200);
            assertThat(ImageIO.read(new ByteArrayInputStream(img.body()))).as(src).isNotNull();
            String address = src.contains("address=" + B_HOST) ? B_HOST : A_HOST;
            servedBy.merge(address, img.headers().firstValue("X-Kurado-Served-By").orElse("a"), (x, y) -> x.equals(y) ? x : x + "," + y);
        }
        assertThat(servedBy).containsEntry(A_HOST, "a").containsEntry(B_HOST, "b");

        // pages read only the configuration and the shared meta store: both nodes serve the same ones
        for (String p : List.of("/", "/?service=svc", "/server?address=" + A_HOST, "/server?address=" + B_HOST,
                "/servers?address=" + A_HOST + "&address=" + B_HOST, "/api/servers")) {
            HttpResponse<byte[]> onA = n[0].get(p);
            assertThat(onA.statusCode()).as(p).isEqualTo(200);
            assertThat(text(onA)).as(p).isEqualTo(text(n[1].get(p)));
        }
    }

    @Test
    void whenTheHolderIsDownTheGraphSaysWhichNodeAndThePagesStillLoad() throws Exception {
        Node[] n = twoNodes(WebAccess.OPEN);
        n[1].close();

        HttpResponse<byte[]> img = n[0].get(graph(B_HOST, "one"));
        assertThat(img.statusCode()).isEqualTo(503);
        assertThat(img.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(img.headers().firstValue("X-Kurado-Unavailable")).contains("b");
        assertThat(img.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(ImageIO.read(new ByteArrayInputStream(img.body()))).isNotNull();

        HttpResponse<byte[]> data = n[0].get(export(B_HOST, "one"));
        assertThat(data.statusCode()).isEqualTo(503);
        assertThat(text(data)).contains("Node b is down").contains("refused the connection");

        // a graph of a live node's host that reads a series of the dead node's host says so too
        HttpResponse<byte[]> combined = n[0].get(export(A_HOST, "both"));
        assertThat(combined.statusCode()).isEqualTo(503);
        assertThat(text(combined)).contains("Node b is down").contains("no node holding " + B_HOST + " answered: node b");
        HttpResponse<byte[]> combinedImage = n[0].get(graph(A_HOST, "both"));
        assertThat(combinedImage.statusCode()).isEqualTo(503);
        assertThat(combinedImage.headers().firstValue("X-Kurado-Unavailable")).contains("b");
        assertThat(ImageIO.read(new ByteArrayInputStream(combinedImage.body()))).isNotNull();
        assertThat(n[0].get(graph(A_HOST, "one")).statusCode()).isEqualTo(200);

        for (String page : List.of("/", "/server?address=" + B_HOST, "/servers?address=" + A_HOST + "&address=" + B_HOST)) {
            assertThat(n[0].get(page).statusCode()).as(page).isEqualTo(200);
        }
    }

    @Test
    void aReplicaAnswersWhenTheFirstHolderIsDown() throws Exception {
        Node[] n = twoNodes(WebAccess.OPEN);
        Peer refusing;
        try (ServerSocket s = new ServerSocket(0)) {
            refusing = new Peer("gone", URI.create("http://127.0.0.1:" + s.getLocalPort() + "/"), true);
        }
        Peer expired = new Peer("expired", URI.create("http://127.0.0.1:9/"), false);
        n[0].place(Map.of(B_HOST, at(expired, refusing, n[1].peer())));

        HttpResponse<byte[]> img = n[0].get(graph(B_HOST, "one"));
        assertThat(img.statusCode()).isEqualTo(200);
        assertThat(img.headers().firstValue("X-Kurado-Served-By")).contains("b");
        assertThat(img.body()).isEqualTo(n[1].get(graph(B_HOST, "one")).body());
        assertThat(text(n[0].get(export(A_HOST, "both")))).contains("25.0");

        n[0].place(Map.of(B_HOST, at(expired, refusing)));
        HttpResponse<byte[]> none = n[0].get(export(B_HOST, "one"));
        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(text(none)).contains("Nodes expired, gone are down").contains("node expired is down (its lease has expired)")
                .contains("node gone (" + refusing.advertiseUrl() + ") refused the connection");
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() throws Exception {
        Node[] n = twoNodes(WebAccess.OPEN);
        HttpResponse<byte[]> marked = n[0].get(graph(B_HOST, "one"), Map.of(PeerClient.FORWARDED_BY, "x"));
        assertThat(marked.statusCode()).isEqualTo(421);
        assertThat(text(marked)).contains("node a does not hold the files of " + B_HOST);

        // two nodes whose maps each say the other holds 10.0.0.3: one hop each way, then an answer
        n[0].place(Map.of(B_HOST, at(n[1].peer()), "10.0.0.3", at(n[1].peer())));
        n[1].place(Map.of(A_HOST, at(n[0].peer()), "10.0.0.3", at(n[0].peer())));
        HttpResponse<byte[]> loop = n[0].get(graph("10.0.0.3", "one"));
        assertThat(loop.statusCode()).isEqualTo(503);
        assertThat(loop.headers().firstValue("X-Kurado-Unavailable")).contains("b");
        assertThat(text(n[0].get(export("10.0.0.3", "one")))).contains("Node b did not answer: the graphs of 10.0.0.3")
                .contains("node b (" + n[1].url + ") does not hold 10.0.0.3 (its shard map differs)");
        assertThat(text(n[0].get("/-/series/last?address=10.0.0.3&plugin=v&key=v.gauge"))).contains("does not hold");
    }

    @Test
    void nodesSignInToEachOtherWithPeerAuth() throws Exception {
        WebAccess locked = new WebAccess(List.of(), Map.of("alice", ALICE), Optional.empty(), Optional.empty());
        Node[] n = twoNodes(locked);
        String auth = "Basic " + Base64.getEncoder().encodeToString("alice:correct horse".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> refused = n[0].get(export(B_HOST, "one"), Map.of("Authorization", auth));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(text(refused)).contains("Node b did not answer").contains("node b (" + n[1].url + ") asks to sign in: set web.peer_auth");
        assertThat(n[0].get("/-/series/last?address=" + A_HOST + "&plugin=v&key=v.gauge").statusCode()).isEqualTo(401);

        KuradoConfig signed = n[0].config.get().withSettings(n[0].config.get().settings().withAccess(
                new WebAccess(List.of(), Map.of("alice", ALICE), Optional.empty(), Optional.empty(),
                        Optional.of(new WebAccess.PeerAuth("alice", "correct horse")))));
        n[0].config.set(signed);
        assertThat(n[0].engine.reload().applied()).isTrue();
        HttpResponse<byte[]> ok = n[0].get(export(B_HOST, "one"), Map.of("Authorization", auth));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(text(ok)).contains("25.0");
    }

    @Test
    void aShardsFilesAreCopiedByteForByteIntoAnotherDataDirectory() throws Exception {
        Node[] n = twoNodes(WebAccess.OPEN);
        n[1].write("10.0.0.3", 30);
        int shards = 4;
        int shard = Shards.shardOf(B_HOST, shards);
        Path target = dir.resolve("new-owner");
        Files.createDirectories(target.resolve(B_HOST).resolve("old"));
        Files.writeString(target.resolve(B_HOST).resolve("old/stale.rrd"), "stale");

        ShardFiles.Copied c = ShardFiles.copyShard(n[1].url, shard, shards, target);

        List<String> expected = new ArrayList<>(List.of(B_HOST));
        if (Shards.shardOf("10.0.0.3", shards) == shard) {
            expected.add("10.0.0.3");
        }
        assertThat(c.hosts()).containsExactlyElementsOf(expected);
        assertThat(c.files()).isEqualTo(expected.size());
        assertThat(n[1].storage.stats().waiting()).as("the holder put its waiting samples into the files first").isZero();
        for (String h : expected) {
            try (Stream<Path> files = Files.walk(n[1].data.resolve(h))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path copy = target.resolve(n[1].data.relativize(f));
                    assertThat(copy).exists();
                    assertThat(Files.readAllBytes(copy)).as(copy.toString()).isEqualTo(Files.readAllBytes(f));
                }
            }
        }
        assertThat(target.resolve(B_HOST).resolve("old")).doesNotExist();
        try (Stream<Path> left = Files.list(target)) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(name -> !name.startsWith("."));
        }
    }
}
