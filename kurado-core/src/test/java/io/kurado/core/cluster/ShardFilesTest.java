package io.kurado.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.kurado.api.KuradoException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy of a shard's files from a node over a real socket: a node played by the JDK's HTTP
 * server that answers with the streams {@link ShardFiles#stream} writes, whole or damaged.
 */
class ShardFilesTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> answers = new HashMap<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A node whose list names {@code hosts} and whose stream for each is {@code answers.get(address)}. */
    private URI node(List<String> hosts) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(ShardFiles.PATH, ex -> {
            String q = ex.getRequestURI().getQuery();
            byte[] body;
            if (q.contains("address=")) {
                body = answers.get(q.substring(q.indexOf("address=") + 8));
            } else {
                body = ("{\"node\":\"b\",\"hosts\":[" + String.join(",", hosts.stream().map(h -> "\"" + h + "\"").toList()) + "]}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** A data directory of a node: two hosts, binary files in plugin directories, a hidden file that is never sent. */
    private Path source() throws IOException {
        Path src = dir.resolve("src");
        Random r = new Random(7);
        for (String h : List.of("10.0.0.1", "10.0.0.2")) {
            for (String f : List.of("base/cpu-user.derive.rrd", "base/loadavg-1.gauge.rrd", "http%3A80/reqs.derive.rrd")) {
                Path p = src.resolve(h).resolve(f);
                Files.createDirectories(p.getParent());
                byte[] b = new byte[1000 + r.nextInt(100_000)];
                r.nextBytes(b);
                Files.write(p, b);
            }
        }
        Files.writeString(src.resolve("10.0.0.1/base/.tmp-write"), "half");
        return src;
    }

    private void serve(Path src, String... hosts) {
        for (String h : hosts) {
            answers.put(h, ShardFiles.stream(src, List.of(src.resolve(h))));
        }
    }

    private List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void everyFileOfTheShardsHostsArrivesByteForByteAndAnOlderCopyIsReplaced() throws IOException {
        Path src = source();
        serve(src, "10.0.0.1", "10.0.0.2");
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("10.0.0.1/old"));
        Files.writeString(data.resolve("10.0.0.1/old/stale.rrd"), "stale");
        Files.createDirectories(data.resolve("10.0.0.9"));

        ShardFiles.Copied c = ShardFiles.copyShard(node(List.of("10.0.0.1", "10.0.0.2")), 3, 8, data);

        assertThat(c.shard()).isEqualTo(3);
        assertThat(c.hosts()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(c.files()).isEqualTo(6);
        for (String h : List.of("10.0.0.1", "10.0.0.2")) {
            try (Stream<Path> s = Files.walk(src.resolve(h))) {
                for (Path f : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                    assertThat(Files.readAllBytes(data.resolve(src.relativize(f)))).isEqualTo(Files.readAllBytes(f));
                }
            }
        }
        assertThat(c.bytes()).isEqualTo(Files.size(src.resolve("10.0.0.1/base/cpu-user.derive.rrd"))
                + Files.size(src.resolve("10.0.0.1/base/loadavg-1.gauge.rrd")) + Files.size(src.resolve("10.0.0.1/http%3A80/reqs.derive.rrd"))
                + Files.size(src.resolve("10.0.0.2/base/cpu-user.derive.rrd")) + Files.size(src.resolve("10.0.0.2/base/loadavg-1.gauge.rrd"))
                + Files.size(src.resolve("10.0.0.2/http%3A80/reqs.derive.rrd")));
        assertThat(data.resolve("10.0.0.1/old")).doesNotExist();
        assertThat(data.resolve("10.0.0.1/base/.tmp-write")).doesNotExist();
        assertThat(data.resolve("10.0.0.9")).isDirectory();
        try (Stream<Path> s = Files.list(data)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2", "10.0.0.9");
        }
    }

    @Test
    void aStreamCutShortInstallsNothingAndNamesTheNode() throws IOException {
        Path src = source();
        serve(src, "10.0.0.1", "10.0.0.2");
        byte[] whole = answers.get("10.0.0.2");
        answers.put("10.0.0.2", java.util.Arrays.copyOf(whole, whole.length - 5));
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("10.0.0.1/old"));
        Files.writeString(data.resolve("10.0.0.1/old/stale.rrd"), "stale");
        List<String> before = tree(data);
        URI peer = node(List.of("10.0.0.1", "10.0.0.2"));

        KuradoException e = catchThrowableOfType(() -> ShardFiles.copyShard(peer, 3, 8, data), KuradoException.class);

        assertThat(e).hasMessageContaining("copying shard 3 from the node at " + peer + " failed")
                .hasMessageContaining("the files of 10.0.0.2").hasMessageContaining("cut short after 3 whole files");
        assertThat(tree(data)).isEqualTo(before);
    }

    @Test
    void aDamagedByteIsFoundByItsChecksum() throws IOException {
        Path src = source();
        serve(src, "10.0.0.1");
        byte[] b = answers.get("10.0.0.1");
        b[b.length / 2] ^= 0x01;
        Path data = dir.resolve("data");
        URI peer = node(List.of("10.0.0.1"));

        KuradoException e = catchThrowableOfType(() -> ShardFiles.copyShard(peer, 0, 1, data), KuradoException.class);

        assertThat(e).hasMessageContaining("does not match its bytes");
        assertThat(tree(data)).containsExactly("");
    }

    @Test
    void aPathThatWouldLeaveTheDataDirectoryIsRefused() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.write("KURADO-FILES 1\n".getBytes(StandardCharsets.US_ASCII));
            byte[] name = "10.0.0.1/../../evil.rrd".getBytes(StandardCharsets.UTF_8);
            out.writeByte('F');
            out.writeShort(name.length);
            out.write(name);
            out.writeLong(1);
            out.write('x');
            out.writeInt(0);
            out.writeByte('E');
            out.writeInt(1);
            out.writeLong(1);
        }
        answers.put("10.0.0.1", buf.toByteArray());
        Path data = dir.resolve("data");
        URI peer = node(List.of("10.0.0.1"));

        KuradoException e = catchThrowableOfType(() -> ShardFiles.copyShard(peer, 0, 1, data), KuradoException.class);

        assertThat(e).hasMessageContaining("names '10.0.0.1/../../evil.rrd', which is not a path inside the data directory");
        assertThat(dir.resolve("evil.rrd")).doesNotExist();
    }

    @Test
    void aNodeThatIsDownIsNamedWithTheCause() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI peer = URI.create("http://127.0.0.1:" + port + "/");

        KuradoException e = catchThrowableOfType(() -> ShardFiles.copyShard(peer, 0, 1, dir.resolve("data")), KuradoException.class);

        assertThat(e).hasMessage("copying shard 0 from the node at " + peer + " failed: node " + peer + " (" + peer
                + ") refused the connection");
        assertThat(tree(dir.resolve("data"))).containsExactly("");
    }
}
