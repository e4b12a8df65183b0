package io.kurado.plugins.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real commands through /bin/sh. */
class CommandRunnerTest {
    private static final long NOW = 1404871619;

    private final CommandRunner runner = new CommandRunner();

    @AfterEach
    void close() {
        runner.close();
    }

    private String run(CommandPlugin... plugins) {
        return runner.run(List.of(plugins), "10.0.0.5", NOW);
    }

    @Test
    void normalisesOutputAsTheReadmeDocuments() {
        String out = run(CommandPlugin.of("process", "printf 'fork.derive\\t39234\\t1404871600\\n'"
                + "; printf 'stats.saikoro\\t3\\n'"
                + "; printf 'metrics.a.b.counter\\t7\\t0\\n'"
                + "; printf 'meta.version\\t1.2.3\\n'"
                + "; printf 'plain\\t5\\t1404871601\\textra\\n'"));
        assertThat(out).isEqualTo(""
                + "10.0.0.5\tprocess.metrics.fork.derive\t39234\t1404871600\n"
                + "10.0.0.5\tprocess.metrics.stats.saikoro.gauge\t3\t1404871619\n"
                + "10.0.0.5\tprocess.metrics.a.b.counter\t7\t1404871619\n"
                + "10.0.0.5\tprocess.meta.version\t1.2.3\t1404871619\n"
                + "10.0.0.5\tprocess.metrics.plain.gauge\t5\t1404871601\n");
    }

    @Test
    void theReadmeSampleWorks() {
        String out = run(CommandPlugin.of("process",
                "echo \"fork.derive\t\"$(cat /proc/stat |grep processes | awk '{print $2}')\"\t\"$(date +%s)"));
        assertThat(out).matches("10\\.0\\.0\\.5\tprocess\\.metrics\\.fork\\.derive\t\\d+\t\\d+\n");
    }

    @Test
    void blankCommentAndMalformedLinesAreLeftOut() {
        String out = run(CommandPlugin.of("p", "printf '\\n# note\\nok\\t1\\nbad\\tnot-a-number\\n'"));
        assertThat(out).isEqualTo("10.0.0.5\tp.metrics.ok.gauge\t1\t1404871619\n");
    }

    @Test
    void aNonZeroExitIsOneWarnLineAndNothingElse() {
        String out = run(CommandPlugin.of("broken", "echo 'x.gauge\t1'; echo 'no such thing' >&2; exit 3"));
        assertThat(out).isEqualTo("10.0.0.5\tbroken.warn.command\tfailed to exec plugin:broken: exit_code: 3: no such thing\t1404871619\n");
    }

    @Test
    void aCommandThatIsNotFoundIsANonZeroExit() {
        String out = run(CommandPlugin.of("gone", "/no/such/command"));
        assertThat(out).startsWith("10.0.0.5\tgone.warn.command\tfailed to exec plugin:gone: exit_code: 127: ")
                .endsWith("\t1404871619\n").hasLineCount(1);
    }

    @Test
    void aTimeoutIsOneWarnLineAndNothingElse() {
        String out = run(new CommandPlugin("slow", "echo 'early\t1'; sleep 30", Duration.ofMillis(300), "t"));
        assertThat(out).isEqualTo("10.0.0.5\tslow.warn.command\tfailed to exec plugin:slow: timed out after 0.3s\t1404871619\n");
    }

    @Test
    void aShellThatCannotStartIsOneWarnLine() {
        try (CommandRunner r = new CommandRunner("/no/such/shell")) {
            String out = r.run(List.of(CommandPlugin.of("x", "echo 1")), "h", NOW);
            assertThat(out).startsWith("h\tx.warn.command\tfailed to exec plugin:x: cannot start /no/such/shell: ")
                    .hasLineCount(1);
        }
    }

    @Test
    void aFailingPluginDoesNotAffectTheOthers() {
        String out = run(
                CommandPlugin.of("a", "printf 'v\\t1\\n'"),
                new CommandPlugin("b", "sleep 30", Duration.ofMillis(200), "t"),
                CommandPlugin.of("c", "printf 'v\\t3\\n'"));
        assertThat(out).isEqualTo(""
                + "10.0.0.5\ta.metrics.v.gauge\t1\t1404871619\n"
                + "10.0.0.5\tb.warn.command\tfailed to exec plugin:b: timed out after 0.2s\t1404871619\n"
                + "10.0.0.5\tc.metrics.v.gauge\t3\t1404871619\n");
    }

    @Test
    void stopKillsTheCommandsRunningWithTheProcessesTheyStartedAndLaterRunsStartNone(@TempDir Path tmp) throws Exception {
        Path child = tmp.resolve("child.pid");
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> run(new CommandPlugin("slow",
                "sleep 30 & echo $! > " + child + ".tmp; mv " + child + ".tmp " + child + "; wait", Duration.ofSeconds(60), "t")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(child)) {
            assertThat(System.nanoTime()).as("the command started within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
        long sleeper = Long.parseLong(Files.readString(child).strip());
        assertThat(ended(sleeper)).isFalse();

        runner.stop();

        assertThat(out.get(2, TimeUnit.SECONDS))
                .isEqualTo("10.0.0.5\tslow.warn.command\tfailed to exec plugin:slow: stopped: the agent is shutting down\t1404871619\n");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!ended(sleeper)) {
            assertThat(System.nanoTime()).as("the command's own child %d was killed", sleeper).isLessThan(until);
            Thread.sleep(5);
        }
        assertThat(run(CommandPlugin.of("later", "printf 'v\\t1\\n'")))
                .isEqualTo("10.0.0.5\tlater.warn.command\tfailed to exec plugin:later: stopped: the agent is shutting down\t1404871619\n");
    }

    /** @return whether the process has ended (a zombie that nobody reaped yet has ended too) */
    private static boolean ended(long pid) throws java.io.IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        try {
            String text = Files.readString(stat);
            return text.charAt(text.lastIndexOf(')') + 2) == 'Z';
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        }
    }
}
