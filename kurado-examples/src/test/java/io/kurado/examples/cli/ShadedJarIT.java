package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the runnable jar as a user would. */
class ShadedJarIT {
    private static final Path JAR = Path.of(System.getProperty("kurado.jar", "target/kurado.jar"));

    @Test
    void configCommandRunsFromTheJar() throws Exception {
        Result r = java("-jar", JAR.toString(), "config", "-c", ConfigCommandTest.fixture("plain.yml"));
        assertThat(r.status).as(r.err).isZero();
        assertThat(r.out).contains("OK. config loaded!").contains(" ウェブ").contains("|     3 ");
    }

    @Test
    void versionAndHelpWorkFromTheJar() throws Exception {
        Result v = java("-jar", JAR.toString(), "--version");
        assertThat(v.status).isZero();
        assertThat(v.out).startsWith("Kurado 0.");
        Result h = java("-jar", JAR.toString(), "--help");
        assertThat(h.out).contains("Usage: kurado").contains("config");
    }

    @Test
    void theEmbeddingExampleRunsFromTheJarWithTheReadmesCommandUntilSigterm(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("README.md"), StandardCharsets.UTF_8);
        String command = readme.lines().filter(l -> l.startsWith("java -cp kurado-examples/target/kurado.jar "))
                .findFirst().orElseThrow(() -> new AssertionError("the README says how to run the embedding example"));
        List<String> args = new ArrayList<>(Arrays.asList(command.split("\\s+")));
        assertThat(args).containsExactly("java", "-cp", "kurado-examples/target/kurado.jar",
                "io.kurado.examples.embed.EmbeddedServer", "kurado.yml");
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/base.yml"), "metrics: [base]\n");
        Files.writeString(dir.resolve("kurado.yml"), String.join("\n", "config:", "  data_dir: data", "  rolls_dir: rolls",
                "  listen: 127.0.0.1:" + port, "---", "service: shop", "servers:", "  - roll: base.yml", "    hosts:",
                "      - 10.0.0.1 web1", ""));
        args.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        args.set(2, JAR.toAbsolutePath().toString());
        Path log = dir.resolve("out.log");
        Process p = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest index = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            HttpResponse<String> page = null;
            while (page == null) {
                assertThat(p.isAlive()).as("the example runs; its output: %s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("the UI answers within 60 s").isLessThan(deadline);
                try {
                    page = http.send(index, HttpResponse.BodyHandlers.ofString());
                } catch (ConnectException notYet) {
                    p.waitFor(100, TimeUnit.MILLISECONDS);
                }
            }
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("shop", "web1");

            p.toHandle().destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            assertThat(Files.readString(log)).contains("Kurado stopped");
        } finally {
            p.destroyForcibly();
        }
    }

    record Result(int status, String out, String err) {}

    static Result java(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("kurado-out", ".txt");
        Path err = Files.createTempFile("kurado-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
