package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.Prerequisites;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.core.RrdDb;
import picocli.CommandLine;

/** {@code kurado import} on a data directory written by Debian's rrdtool, as the Perl original writes it. */
class ImportCommandIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prerequisites.program("/usr/bin/rrdtool");
    }

    private static void rrdtool(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "/usr/bin/rrdtool";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = KuradoCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void convertsKeepsTheLayoutReportsBadFilesAndNeverOverwritesWithoutForce() throws Exception {
        Path from = dir.resolve("old");
        Path file = from.resolve("192.168.51.10/base/loadavg-1.gauge.rrd");
        Files.createDirectories(file.getParent());
        long start = 1_400_000_000L;
        rrdtool("create", file.toString(), "--start", Long.toString(start - 10), "--step", "60", "DS:n:GAUGE:120:U:U",
                "RRA:AVERAGE:0.5:1:2880", "RRA:AVERAGE:0.5:5:2880", "RRA:AVERAGE:0.5:60:960", "RRA:AVERAGE:0.5:1440:1100",
                "RRA:MIN:0.5:1:2880", "RRA:MIN:0.5:5:2880", "RRA:MIN:0.5:60:960", "RRA:MIN:0.5:1440:1100",
                "RRA:MAX:0.5:1:2880", "RRA:MAX:0.5:5:2880", "RRA:MAX:0.5:60:960", "RRA:MAX:0.5:1440:1100");
        for (int m = 1; m <= 5; m++) {
            rrdtool("update", file.toString(), "-t", "n", "--", (start + 60L * m) + ":" + (m * 0.25));
        }
        Files.writeString(from.resolve("192.168.51.10/base/broken.gauge.rrd"), "not an rrd file");
        Path to = dir.resolve("new");

        Run first = run("import", "--from", from.toString(), "--to", to.toString());
        assertThat(first.exit()).as(first.err()).isEqualTo(1);
        assertThat(first.out()).contains("converted 1").contains("failed 1");
        assertThat(first.err()).contains("broken.gauge.rrd");
        Path converted = to.resolve("192.168.51.10/base/loadavg-1.gauge.rrd");
        try (RrdDb db = RrdDb.getBuilder().setPath(converted.toString()).readOnly().build()) {
            assertThat(db.getLastUpdateTime()).isEqualTo(start + 300);
            assertThat(db.getDatasource("n").getLastValue()).isEqualTo(1.25);
            assertThat(db.getArcCount()).isEqualTo(12);
        }

        Files.delete(from.resolve("192.168.51.10/base/broken.gauge.rrd"));
        long size = Files.size(converted);
        Files.writeString(converted, "local changes");
        Run again = run("import", "--from", from.toString(), "--to", to.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("converted 0").contains("kept existing 1");
        assertThat(Files.readString(converted)).isEqualTo("local changes");

        Run forced = run("import", "--from", from.toString(), "--to", to.toString(), "--force");
        assertThat(forced.exit()).isZero();
        assertThat(Files.size(converted)).isEqualTo(size);
    }

    @Test
    void aMissingSourceIsAClearError() {
        Run r = run("import", "--from", dir.resolve("nope").toString(), "--to", dir.resolve("new").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nope");
    }
}
