package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
