package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;
import org.rrd4j.core.Sample;
import picocli.CommandLine;

class GraphCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = KuradoCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private void writeGauge(Path file, long end, double value) throws Exception {
        Files.createDirectories(file.getParent());
        RrdDef def = new RrdDef(file.toString(), end - 3600, 60);
        def.addDatasource("n", DsType.GAUGE, 120, Double.NaN, Double.NaN);
        def.addArchive(ConsolFun.AVERAGE, 0.5, 1, 2880);
        try (RrdDb db = RrdDb.getBuilder().setRrdDef(def).build()) {
            Sample s = db.createSample();
            for (long t = end - 3540; t <= end; t += 60) {
                s.setTime(t);
                s.setValue("n", value);
                s.update();
            }
        }
    }

    @Test
    void anEmptyDefinitionIsAnErrorSayingSo() throws Exception {
        Path def = Files.writeString(dir.resolve("empty.def"), "");
        Path png = dir.resolve("out.png");

        int status = run("graph", "--data-dir", dir.resolve("data").toString(), "--address", "10.0.0.1",
                "--plugin", "base", "--def", def.toString(), "-o", png.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(def + ": the definition is empty (no DEF, LINE, AREA or other element)" + System.lineSeparator());
        assertThat(png).doesNotExist();
    }

    @Test
    void drawsADefinitionIntoAPngAndPrintsItsPrintLines() throws Exception {
        long end = Instant.now().getEpochSecond() / 60 * 60;
        writeGauge(dir.resolve("data/10.0.0.1/nginx%3A8080/read.gauge.rrd"), end, 7);
        Path def = Files.writeString(dir.resolve("g.def"),
                "Connections\nDEF:r=<%RRD read.gauge %>:read:AVERAGE\nAREA:r#c0c0c0:Reading\nPRINT:r:AVERAGE:%.1lf\n");
        Path png = dir.resolve("out.png");

        int status = run("graph", "--data-dir", dir.resolve("data").toString(), "--address", "10.0.0.1",
                "--plugin", "nginx:8080", "--def", def.toString(), "--term", "1hour", "--width", "300", "-o", png.toString());

        assertThat(status).as(err.toString()).isZero();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(300);
        assertThat(out.toString().strip()).isEqualTo("7.0");
    }

    @Test
    void definitionErrorExitsNonZeroNamingLineAndToken() throws Exception {
        Path def = Files.writeString(dir.resolve("bad.def"), "Label\nDEF:r=<%RRD read.gauge %>:n:AVERAGE\nLINE1:r#GGHHII:x\n");
        int status = run("graph", "--data-dir", dir.toString(), "--address", "10.0.0.1", "--plugin", "nginx",
                "--def", def.toString(), "-o", dir.resolve("o.png").toString());
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("line 3").contains("#GGHHII");
        assertThat(dir.resolve("o.png")).doesNotExist();
    }

    @Test
    void aMissingSeriesIsDrawnAsUnknownWithAWarningNamingIt() throws Exception {
        Path def = Files.writeString(dir.resolve("g.def"), "DEF:r=<%RRD read.gauge %>:n:AVERAGE\nLINE1:r#FF0000\n");
        int status = run("graph", "--data-dir", dir.toString(), "--address", "10.0.0.1", "--plugin", "nginx",
                "--def", def.toString(), "--term", "custom", "--from", "2024-01-01 00:00", "--to", "2024-01-02", "-o",
                dir.resolve("o.png").toString());
        assertThat(status).isZero();
        assertThat(dir.resolve("o.png")).isRegularFile();
        assertThat(err.toString()).contains("warning: line 1 DEF:r").contains("no series 'read.gauge' of plugin nginx on 10.0.0.1")
                .contains("drawn as unknown");
    }
    @Test
    void aDefinitionFileThatCannotBeReadIsOneLineNamingIt() {
        Path def = dir.resolve("missing.def");

        int status = run("graph", "--data-dir", dir.toString(), "--address", "10.0.0.1", "--plugin", "base",
                "--def", def.toString(), "-o", dir.resolve("o.png").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("cannot read " + def + ": no such file" + System.lineSeparator());
    }

    @Test
    void anImageThatCannotBeWrittenIsOneLineNamingIt() throws Exception {
        long end = Instant.now().getEpochSecond() / 60 * 60;
        writeGauge(dir.resolve("data/10.0.0.1/nginx%3A8080/read.gauge.rrd"), end, 7);
        Path def = Files.writeString(dir.resolve("g.def"), "DEF:r=<%RRD read.gauge %>:read:AVERAGE\nLINE1:r#FF0000\n");
        Path png = dir.resolve("no-such-dir/out.png");

        int status = run("graph", "--data-dir", dir.resolve("data").toString(), "--address", "10.0.0.1",
                "--plugin", "nginx:8080", "--def", def.toString(), "--term", "1hour", "-o", png.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("cannot write " + png + ": no such directory " + png.getParent()
                + System.lineSeparator());
    }
}
