package io.kurado.rrd;

import io.kurado.core.testkit.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;
import static org.assertj.core.api.Assertions.assertThat;

/** Imports files written by Debian's rrdtool in the original's definition. */
class RrdImporterIT {
    private static final Path RRDTOOL = Path.of("/usr/bin/rrdtool");
    private static final long T0 = 1_700_000_000L - 1_700_000_000L % 60;

    @TempDir
    Path tmp;

    private Path from;
    private Path to;

    @BeforeEach
    void needsRrdtool() {
        Prerequisites.program(RRDTOOL.toString());
        from = tmp.resolve("rrdtool-data");
        to = tmp.resolve("rrd4j-data");
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(RRDTOOL.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("rrdtool %s: %s", args[0], out).isZero();
        return out;
    }

    /** Creates a file as the original does and feeds it one sample a minute. */
    private Path createOriginal(String rel, String type, int minutes) throws Exception {
        Path file = from.resolve(rel);
        Files.createDirectories(file.getParent());
        List<String> args = new ArrayList<>(List.of("create", file.toString(), "--start", Long.toString(T0 - 10),
                "--step", "60", "DS:n:" + type + ":120:U:U"));
        for (String cf : List.of("AVERAGE", "MIN", "MAX")) {
            for (String a : List.of("1:2880", "5:2880", "60:960", "1440:1100")) {
                args.add("RRA:" + cf + ":0.5:" + a);
            }
        }
        run(args.toArray(String[]::new));
        List<String> update = new ArrayList<>(List.of("update", file.toString(), "-t", "n", "--"));
        for (int m = 1; m <= minutes; m++) {
            update.add((T0 + 60L * m) + ":" + (m * 600 + (m % 7) * 13));
        }
        run(update.toArray(String[]::new));
        return file;
    }

    /** Reads {@code rrdtool fetch} output: timestamp to value. */
    private static Map<Long, Double> rrdtoolFetch(Path file, String cf, long start, long end) throws Exception {
        String out = run("fetch", file.toString(), cf, "-r", "60", "-s", Long.toString(start), "-e", Long.toString(end));
        Map<Long, Double> values = new TreeMap<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().chars().allMatch(Character::isDigit)) {
                String v = line.substring(colon + 1).strip();
                values.put(Long.parseLong(line.substring(0, colon).strip()),
                        v.equalsIgnoreCase("nan") || v.equalsIgnoreCase("-nan") ? Double.NaN : Double.parseDouble(v));
            }
        }
        return values;
    }

    private static Map<Long, Double> rrd4jFetch(Path file, ConsolFun cf, long start, long end) throws IOException {
        try (RrdDb db = RrdDb.getBuilder().setPath(file.toString()).readOnly().build()) {
            FetchData d = db.createFetchRequest(cf, start, end, 60).fetchData();
            Map<Long, Double> values = new TreeMap<>();
            long[] ts = d.getTimestamps();
            double[] v = d.getValues("n");
            for (int i = 0; i < ts.length; i++) {
                values.put(ts[i], v[i]);
            }
            return values;
        }
    }

    @Test
    void importedFilesKeepDefinitionLayoutAndValues() throws Exception {
        createOriginal("192.168.51.10/base/load-avg.gauge.rrd", "GAUGE", 30);
        createOriginal("192.168.51.10/base/cpu-user.derive.rrd", "DERIVE", 30);
        createOriginal("192.168.51.10/http%3A80/reqs.counter.rrd", "COUNTER", 30);

        ImportReport report = new RrdImporter().importAll(from, to, false, p -> { });

        assertThat(report.failed()).isEmpty();
        assertThat(report.converted()).containsExactlyInAnyOrder(Path.of("192.168.51.10/base/load-avg.gauge.rrd"),
                Path.of("192.168.51.10/base/cpu-user.derive.rrd"), Path.of("192.168.51.10/http%3A80/reqs.counter.rrd"));
        for (Path rel : report.converted()) {
            Path target = to.resolve(rel);
            try (RrdDb db = RrdDb.getBuilder().setPath(target.toString()).readOnly().build()) {
                RrdDef def = db.getRrdDef();
                assertThat(def.getStep()).isEqualTo(60);
                assertThat(def.getArcDefs()).hasSize(12);
                assertThat(db.getLastUpdateTime()).isEqualTo(T0 + 60 * 30);
                assertThat(def.getDsDefs()[0].getDsName()).isEqualTo("n");
                assertThat(def.getDsDefs()[0].getHeartbeat()).isEqualTo(120);
            }
            long start = T0 + 120;
            long end = T0 + 60 * 30;
            for (ConsolFun cf : List.of(ConsolFun.AVERAGE, ConsolFun.MIN, ConsolFun.MAX)) {
                Map<Long, Double> expected = rrdtoolFetch(from.resolve(rel), cf.name(), start, end);
                Map<Long, Double> actual = rrd4jFetch(target, cf, start, end);
                assertThat(expected).as("rrdtool fetch of %s", rel).isNotEmpty();
                long known = 0;
                for (Map.Entry<Long, Double> e : expected.entrySet()) {
                    if (e.getKey() > end) {
                        continue;
                    }
                    assertThat(actual).as("%s %s at %d", rel, cf, e.getKey()).containsKey(e.getKey());
                    double a = actual.get(e.getKey());
                    if (Double.isNaN(e.getValue())) {
                        assertThat(a).isNaN();
                    } else {
                        known++;
                        assertThat(a).as("%s %s at %d", rel, cf, e.getKey()).isCloseTo(e.getValue(),
                                org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(e.getValue()))));
                    }
                }
                assertThat(known).as("known points of %s %s", rel, cf).isGreaterThan(20);
            }
        }
    }

    @Test
    void aCorruptFileIsReportedAndTheOthersConverted() throws Exception {
        createOriginal("10.0.0.1/base/ok.gauge.rrd", "GAUGE", 5);
        Path corrupt = from.resolve("10.0.0.1/base/broken.gauge.rrd");
        Files.writeString(corrupt, "this is not an rrd file at all, just text long enough to be read".repeat(20));

        ImportReport report = new RrdImporter().importAll(from, to, false, p -> { });

        assertThat(report.converted()).containsExactly(Path.of("10.0.0.1/base/ok.gauge.rrd"));
        assertThat(report.failed()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(Path.of("10.0.0.1/base/broken.gauge.rrd"));
            assertThat(f.reason()).isNotBlank();
        });
        assertThat(to.resolve("10.0.0.1/base/broken.gauge.rrd")).doesNotExist();
        try (var left = Files.list(to.resolve("10.0.0.1/base"))) {
            assertThat(left).containsExactly(to.resolve("10.0.0.1/base/ok.gauge.rrd"));
        }
    }

    @Test
    void anExistingTargetIsKeptUnlessForced() throws Exception {
        createOriginal("10.0.0.2/base/x.gauge.rrd", "GAUGE", 5);
        Path target = to.resolve("10.0.0.2/base/x.gauge.rrd");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "existing");

        ImportReport kept = new RrdImporter().importAll(from, to, false, p -> { });
        assertThat(kept.skippedExisting()).containsExactly(Path.of("10.0.0.2/base/x.gauge.rrd"));
        assertThat(kept.converted()).isEmpty();
        assertThat(Files.readString(target)).isEqualTo("existing");

        List<RrdImporter.Progress> seen = new ArrayList<>();
        ImportReport forced = new RrdImporter().importAll(from, to, true, seen::add);
        assertThat(forced.converted()).containsExactly(Path.of("10.0.0.2/base/x.gauge.rrd"));
        assertThat(seen).singleElement().extracting(RrdImporter.Progress::done).isEqualTo(1);
        try (RrdDb db = RrdDb.getBuilder().setPath(target.toString()).readOnly().build()) {
            assertThat(db.getLastUpdateTime()).isEqualTo(T0 + 300);
        }
    }
}
