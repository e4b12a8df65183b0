package io.kurado.examples.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages that {@code ./mvnw package} builds: the {@code .deb}s installed, run, verified and
 * purged by {@code src/test/packaging/deb-install-test.sh} (as root, with dpkg; skipped with the
 * reason elsewhere, failed under CI), and the {@code .tar.gz} run in place.
 */
class PackagesIT {
    private static final Path TARGET = Path.of(System.getProperty("kurado.jar", "target/kurado.jar")).toAbsolutePath().getParent();
    private static final Path SCRIPT = Path.of("src/test/packaging/deb-install-test.sh").toAbsolutePath();
    /** The exit status of the script when it cannot run on this machine. */
    private static final int CANNOT_RUN = 77;

    @Test
    void bothDebsInstallWithDpkgRunVerifyKeepTheirConfigurationOnUpgradeAndPurgeCleanly() throws Exception {
        Path server = built("kurado-server_", ".deb");
        Path agent = built("kurado-agent_", ".deb");
        Run r = run(List.of("bash", SCRIPT.toString(), server.toString(), agent.toString()), null, 300);
        System.out.print(r.output);
        if (r.status == CANNOT_RUN) {
            Prerequisites.missing(r.output.lines().filter(l -> l.startsWith("SKIP: ")).findFirst()
                    .map(l -> l.substring(6)).orElse("deb-install-test.sh cannot run here") + " (" + SCRIPT + ")");
        }
        assertThat(r.status).as("deb-install-test.sh; its output:%n%s", r.output).isZero();
        assertThat(r.output).contains("PASSED");
    }

    @Test
    void theTarGzHoldsTheFilesOfBothDebsAndItsLaunchersRunWhereItIsUnpacked(@TempDir Path dir) throws Exception {
        Path tarGz = built("kurado-", ".tar.gz");
        Run untar = run(List.of("tar", "-xzf", tarGz.toString(), "-C", dir.toString()), null, 60);
        assertThat(untar.status).as(untar.output).isZero();
        Path root;
        try (Stream<Path> top = Files.list(dir)) {
            root = top.findFirst().orElseThrow();
        }
        assertThat(root.getFileName().toString()).isEqualTo(tarGz.getFileName().toString().replace(".tar.gz", ""));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(Files::isRegularFile).forEach(f -> files.add("/" + root.relativize(f)));
        }
        assertThat(files).contains("/usr/bin/kurado", "/usr/bin/kurado-agent", "/usr/share/kurado/kurado.jar",
                "/usr/lib/systemd/system/kurado-server.service", "/usr/lib/systemd/system/kurado-agent.service",
                "/etc/kurado/kurado.yml", "/etc/default/kurado-agent");
        assertThat(root.resolve("var/lib/kurado/data")).isEmptyDirectory();
        if (Files.isExecutable(Path.of("/usr/bin/dpkg-deb"))) {
            // the same files as the two packages, where the agent's jar is the one of the server
            Set<String> inDebs = new TreeSet<>();
            for (Path deb : List.of(built("kurado-server_", ".deb"), built("kurado-agent_", ".deb"))) {
                Run list = run(List.of("dpkg-deb", "-c", deb.toString()), null, 60);
                assertThat(list.status).as(list.output).isZero();
                list.output.lines().filter(l -> l.startsWith("-")).map(l -> l.substring(l.indexOf("./") + 1)).forEach(inDebs::add);
            }
            inDebs.remove("/usr/share/kurado-agent/kurado.jar");
            assertThat(files).isEqualTo(inDebs);
        }

        Run config = run(List.of(root.resolve("usr/bin/kurado").toString(), "config", "-c", "etc/kurado/kurado.yml"), root, 60);
        assertThat(config.status).as(config.output).isZero();
        assertThat(config.output).contains("OK. config loaded!");
        Run agent = run(List.of(root.resolve("usr/bin/kurado-agent").toString(), "--self-ip", "10.0.0.1", "--conf-d",
                "etc/kurado/conf.d", "--dump"), root, 60);
        assertThat(agent.status).as(agent.output).isZero();
        assertThat(agent.output).contains("10.0.0.1\tbase.metrics.cpu");
    }

    @Test
    void theReadmeNamesTheFilesTheBuildMakes() throws IOException {
        String readme = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("### Packages"));
        for (Path file : List.of(built("kurado-server_", ".deb"), built("kurado-agent_", ".deb"), built("kurado-", ".tar.gz"))) {
            assertThat(section).as("README, Running in production, Packages").contains("`" + file.getFileName() + "`");
        }
    }

    /** The one file of the build directory whose name starts and ends so. */
    private static Path built(String prefix, String suffix) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(TARGET)) {
            files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(suffix))
                    .filter(f -> !f.getFileName().toString().startsWith("kurado-examples"))
                    .forEach(found::add);
        }
        assertThat(found).as("%s*%s in %s (built by ./mvnw package; remove old versions)", prefix, suffix, TARGET).hasSize(1);
        return found.get(0);
    }

    private record Run(int status, String output) {}

    /**
     * Runs a command to its end, its output and errors together.
     *
     * @param dir the working directory, where the command also gets this JVM as JAVA_HOME; null:
     *     this one's, and the environment unchanged
     */
    private static Run run(List<String> command, Path dir, int seconds) throws Exception {
        Path log = Files.createTempFile("kurado-packages", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
                pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            }
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("did not finish within " + seconds + " s: " + command + "; its output:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
