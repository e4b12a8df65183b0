package io.kurado.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin starter is a project of its own: after Kurado's artifacts are installed (the README's
 * {@code ./mvnw -B -q install -DskipTests}), a copy of {@code kurado-examples/plugin-starter}
 * anywhere passes {@code ./mvnw verify} with its own wrapper, so a JDK is all it needs; then the
 * README's {@code plugin} commands run as written against the MariaDB the starter's own test
 * filled. Kurado is installed into a repository of this build's own (the user's repository serves
 * everything else, read only), so nothing leaks into the user's repository.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginStarterIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String MARIADB = "127.0.0.1:3306";

    private Path dir;
    private Path repo;
    private List<String> repos;
    private Path copy;

    @BeforeAll
    void installKuradoThenBuildACopyOfTheStarterWithItsOwnWrapper(@TempDir Path tmp) throws Exception {
        dir = tmp;
        repo = Path.of("target", "starter-m2").toAbsolutePath();
        String tail = System.getProperty("kurado.m2.repository", Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        repos = List.of("-Dmaven.repo.local=" + repo, "-Dmaven.repo.local.tail=" + tail);

        run(ROOT, dir.resolve("install.log"), concat(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q", "install", "-DskipTests",
                "-Dkurado.target=target/starter-build", "-pl", "kurado-api,kurado-core", "-am"), repos));

        copy = dir.resolve("my-plugin");
        copyTree(ROOT.resolve("kurado-examples/plugin-starter"), copy);
        run(copy, dir.resolve("verify.log"), concat(List.of("./mvnw", "-B", "verify"), repos));
    }

    @Test
    void aCopyOfTheStarterBuildsWithItsOwnWrapperAndPassesItsTests() throws Exception {
        assertThat(copy.resolve("mvnw")).isExecutable();
        assertThat(Files.readString(dir.resolve("verify.log"))).as("the copy's wrapper brings Maven 3.9")
                .contains("BUILD SUCCESS");
        assertThat(copy.resolve("target/kurado-plugin-simplecountsql-1.0.0-SNAPSHOT.jar")).exists();
        String unit = Files.readString(copy.resolve("target/surefire-reports/com.example.kurado.SimpleCountSqlTest.txt"));
        assertThat(unit).contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0");
        assertThat(copy.resolve("target/failsafe-reports/com.example.kurado.SimpleCountSqlIT.txt")).exists();
    }

    @Test
    void theInstallStepPublishesSourcesAndJavadocBesideTheLibraryJars() {
        for (String module : List.of("kurado-api", "kurado-core")) {
            Path versionDir = repo.resolve("io/kurado/" + module + "/0.1.0-SNAPSHOT");
            for (String kind : List.of("", "-sources", "-javadoc")) {
                assertThat(versionDir.resolve(module + "-0.1.0-SNAPSHOT" + kind + ".jar")).as(module + kind).isRegularFile();
            }
        }
    }

    @Test
    void theReadmesPluginCommandsRunAsWrittenAgainstTheLocalMariaDb() throws Exception {
        assumeMariaDb();
        List<String> commands = readmePluginCommands();
        assertThat(commands).anyMatch(c -> c.startsWith("plugin list"))
                .anyMatch(c -> c.startsWith("plugin check"))
                .anyMatch(c -> c.startsWith("plugin fetch"));
        String jar = System.getProperty("kurado.jar", Path.of("target", "kurado.jar").toAbsolutePath().toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String c : commands) {
            if (c.startsWith("plugin serve")) {
                continue; // a server until Ctrl-C; PluginCommandTest covers it
            }
            List<String> command = new ArrayList<>(List.of(java, "-jar", jar));
            for (String word : c.split("\\s+")) {
                command.add(word.replace("~/my-plugin", copy.toString()));
            }
            Path log = dir.resolve("readme-" + c.split("\\s+")[1] + ".log");
            run(copy, log, command);
            String out = Files.readString(log);
            if (c.startsWith("plugin fetch")) {
                // the starter's IT made kurado_starter.jobs with three rows
                assertThat(out).as(c).containsPattern("(?m)^127\\.0\\.0\\.1\tsimplecountsql\\S*\\.metrics\\.count\\.gauge\t3\t");
            } else if (c.startsWith("plugin check")) {
                assertThat(out).as(c).contains("every key they read was produced");
            } else {
                assertThat(out).as(c).containsPattern("simplecountsql +fetch +com\\.example\\.kurado\\.SimpleCountSqlFetcher +\\S*my-plugin");
            }
        }
    }

    @Test
    void withoutMariaDbTheStartersItIsSkippedAndSaysSo() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path skipLog = dir.resolve("skip.log");
        run(copy, skipLog, concat(List.of("./mvnw", "-B", "failsafe:integration-test", "-DargLine=-Dmariadb.address=127.0.0.1:" + closed), repos));
        assertThat(Files.readString(skipLog)).contains("[SKIPPED] MariaDB is unreachable at 127.0.0.1:" + closed);
        assertThat(Files.readString(copy.resolve("target/failsafe-reports/com.example.kurado.SimpleCountSqlIT.txt")))
                .contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 2");
    }

    /** The {@code java -jar kurado.jar plugin …} lines of the README's section on writing a plugin, without the jar. */
    static List<String> readmePluginCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Writing a plugin"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Matcher m = Pattern.compile("(?m)^java -jar kurado\\.jar (plugin .+?)(?:\\s+#.*)?$").matcher(section);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    private static void assumeMariaDb() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 3306), 2_000);
        } catch (IOException e) {
            String why = "MariaDB is unreachable at " + MARIADB + ", so the README's plugin commands are not run";
            System.out.println("[SKIPPED] " + why);
            Assumptions.abort(why);
        }
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

    /** Copies as {@code cp -r} does: files with their permissions (the wrapper stays executable), without {@code target}. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path rel = from.relativize(p);
                if (rel.startsWith("target")) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
