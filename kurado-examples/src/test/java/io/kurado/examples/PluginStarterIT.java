package io.kurado.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin starter is a project of its own: after Kurado's artifacts are installed
 * ({@code ./mvnw install -DskipTests}), a copy of {@code kurado-examples/plugin-starter} anywhere
 * passes {@code mvn verify}. Kurado is installed into a repository of this build's own (the user's
 * repository serves everything else, read only), so nothing leaks into the user's repository.
 */
class PluginStarterIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aCopyOfTheStarterBuildsAndPassesItsTests() throws Exception {
        Path repo = Path.of("target", "starter-m2").toAbsolutePath();
        String tail = System.getProperty("kurado.m2.repository", Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        List<String> repos = List.of("-Dmaven.repo.local=" + repo, "-Dmaven.repo.local.tail=" + tail);

        run(ROOT, dir.resolve("install.log"), concat(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q", "install", "-DskipTests",
                "-Dkurado.target=target/starter-build", "-pl", "kurado-api,kurado-core", "-am"), repos));

        Path copy = dir.resolve("my-plugin");
        copyTree(ROOT.resolve("kurado-examples/plugin-starter"), copy);
        run(ROOT, dir.resolve("verify.log"), concat(List.of(ROOT.resolve("mvnw").toString(), "-B", "-f", copy.resolve("pom.xml").toString(),
                "verify"), repos));

        assertThat(copy.resolve("target/kurado-plugin-simplecountsql-1.0.0-SNAPSHOT.jar")).exists();
        String unit = Files.readString(copy.resolve("target/surefire-reports/com.example.kurado.SimpleCountSqlTest.txt"));
        assertThat(unit).contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0");
        assertThat(copy.resolve("target/failsafe-reports/com.example.kurado.SimpleCountSqlIT.txt")).exists();

        // Without a MariaDB the IT is skipped, and says so where the person running the build looks.
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path skipLog = dir.resolve("skip.log");
        run(ROOT, skipLog, concat(List.of(ROOT.resolve("mvnw").toString(), "-B", "-f", copy.resolve("pom.xml").toString(),
                "failsafe:integration-test", "-DargLine=-Dmariadb.address=127.0.0.1:" + closed), repos));
        assertThat(Files.readString(skipLog)).contains("[SKIPPED] MariaDB is unreachable at 127.0.0.1:" + closed);
        assertThat(Files.readString(copy.resolve("target/failsafe-reports/com.example.kurado.SimpleCountSqlIT.txt")))
                .contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 2");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void run(Path cwd, Path log, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command) + "\n" + Files.readString(log));
        }
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + Files.readString(log)).isZero();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path rel = from.relativize(p);
                if (rel.startsWith("target")) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
