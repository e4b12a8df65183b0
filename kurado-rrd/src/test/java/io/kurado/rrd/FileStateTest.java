package io.kurado.rrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.DataSourceType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;

/**
 * The file writer against rrd4j itself: a new file's image is the file rrd4j creates, and after
 * any sequence of samples the file holds, byte for byte, what rrd4j would have written for them.
 */
class FileStateTest {
    private static final long START = 1_796_400_000L - 10; // 10 s before a minute, as new files start
    private static final RrdRandomAccessFileBackendFactory RAF = new RrdRandomAccessFileBackendFactory();

    @TempDir
    Path tmp;

    static Stream<Arguments> startsAndTypes() {
        List<Arguments> out = new ArrayList<>();
        for (DataSourceType t : DataSourceType.values()) {
            for (long start : new long[] {START, 1_796_400_000L, 1_796_400_059L, 1_796_399_999L - 86_400 * 3, 60}) {
                out.add(Arguments.of(t, start));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("startsAndTypes")
    void aNewFileIsTheFileRrd4jCreates(DataSourceType type, long start) throws IOException {
        Path byRrd4j = tmp.resolve("rrd4j.rrd");
        try (RrdDb db = RrdDb.getBuilder().setRrdDef(RrdDefinitions.kurado(byRrd4j, type, start + RrdDefinitions.START_OFFSET))
                .setBackendFactory(RAF).build()) {
            assertThat(db.getLastUpdateTime()).isEqualTo(start);
        }
        ByteBuffer image = ByteBuffer.allocate(NewFiles.size());
        NewFiles.image(image, type, start);

        assertThat(image.remaining()).isEqualTo(188_784);
        assertThat(bytes(image)).isEqualTo(Files.readAllBytes(byRrd4j));
    }

    /** A way samples arrive. */
    enum Pattern {
        EVERY_MINUTE, JITTERED, SEVERAL_PER_STEP, GAPS, LONG_OUTAGES, UNKNOWNS, WRAPPING_COUNTERS, WILD_VALUES
    }

    static Stream<Arguments> patterns() {
        List<Arguments> out = new ArrayList<>();
        for (DataSourceType t : DataSourceType.values()) {
            for (Pattern p : Pattern.values()) {
                out.add(Arguments.of(t, p, 7L * t.ordinal() + 31L * p.ordinal()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("patterns")
    void afterAnySamplesTheFileIsWhatRrd4jWrites(DataSourceType type, Pattern pattern, long seed) throws IOException {
        Random random = new Random(seed);
        List<long[]> samples = samples(pattern, random, 3_500);
        Path byRrd4j = tmp.resolve("rrd4j.rrd");
        Path byUs = tmp.resolve("ours.rrd");
        RrdDef def = RrdDefinitions.kurado(byRrd4j, type, START + RrdDefinitions.START_OFFSET);
        RrdDb db = RrdDb.getBuilder().setRrdDef(def).setBackendFactory(RAF).build();
        ByteBuffer image = ByteBuffer.allocateDirect(NewFiles.size());
        NewFiles.image(image, type, START);
        try (FileChannel ch = FileChannel.open(byUs, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(image);
        }
        FileChannel ch = FileChannel.open(byUs, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileState state = FileState.ofNewFile(type, image);
        Regions regions = new Regions();
        try {
            for (int i = 0; i < samples.size(); i++) {
                long ts = samples.get(i)[0];
                double value = Double.longBitsToDouble(samples.get(i)[1]);
                if (ts <= db.getLastUpdateTime()) {
                    assertThat(ts).isLessThanOrEqualTo(state.lastUpdate());
                    continue;
                }
                db.createSample(ts).setValue(0, value).update();
                state.update(ts, value);
                if (random.nextInt(7) == 0) { // written now and then, several updates at once
                    state.writeTo(ch, regions);
                }
                if (random.nextInt(97) == 0) { // both read the file afresh
                    state.writeTo(ch, regions);
                    db.close();
                    db = RrdDb.getBuilder().setPath(byRrd4j.toString()).setBackendFactory(RAF).build();
                    ch.close();
                    ch = FileChannel.open(byUs, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    state = FileState.read(ch);
                    assertThat(Files.readAllBytes(byUs)).isEqualTo(Files.readAllBytes(byRrd4j));
                }
            }
            state.writeTo(ch, regions);
        } finally {
            db.close();
            ch.close();
        }
        assertThat(state.dirty()).isFalse();
        assertThat(Files.readAllBytes(byUs)).isEqualTo(Files.readAllBytes(byRrd4j));
    }

    @ParameterizedTest
    @EnumSource(DataSourceType.class)
    void readsTheStateOfAFileRrd4jWrote(DataSourceType type) throws IOException {
        Path file = tmp.resolve("f.rrd");
        try (RrdDb db = RrdDb.getBuilder().setRrdDef(RrdDefinitions.kurado(file, type, START + 10)).setBackendFactory(RAF).build()) {
            for (int m = 1; m <= 100; m++) {
                db.createSample(START + 10 + 60L * m).setValue(0, m * 13.0).update();
            }
        }
        byte[] before = Files.readAllBytes(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileState s = FileState.read(ch);
            assertThat(s.lastUpdate()).isEqualTo(START + 10 + 6000);
            assertThat(s.layout.sameShape(NewFiles.layout(type))).isTrue();
            assertThat(s.head()).isEqualTo(java.util.Arrays.copyOf(before, FileLayout.HEAD_BYTES));
            s.writeTo(ch, new Regions());
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aSampleAtOrBeforeTheLastUpdateIsRefused() throws IOException {
        ByteBuffer image = ByteBuffer.allocate(NewFiles.size());
        NewFiles.image(image, DataSourceType.GAUGE, START);
        FileState s = FileState.ofNewFile(DataSourceType.GAUGE, image);
        s.update(START + 70, 1);
        assertThatThrownBy(() -> s.update(START + 70, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    static List<long[]> samples(Pattern pattern, Random r, int n) {
        List<long[]> out = new ArrayList<>();
        long t = START + 10;
        double counter = 1_000;
        for (int i = 0; i < n; i++) {
            double v;
            switch (pattern) {
                case EVERY_MINUTE:
                    t += 60;
                    v = 100 + 50 * Math.sin(i / 30.0) + i * 7;
                    break;
                case JITTERED:
                    t = START + 10 + 60L * (i + 1) + r.nextInt(50) - 25;
                    v = r.nextDouble() * 1000 + i * 3;
                    break;
                case SEVERAL_PER_STEP:
                    t += 1 + r.nextInt(30);
                    v = r.nextInt(1000) + i * 11.0;
                    break;
                case GAPS:
                    t += r.nextInt(5) == 0 ? 60 * (2 + r.nextInt(20)) : 60;
                    v = r.nextGaussian() * 100 + i * 5;
                    break;
                case LONG_OUTAGES:
                    t += r.nextInt(300) == 0 ? 86_400L * (1 + r.nextInt(3)) + r.nextInt(3600) : 60;
                    v = i * 9.0 + r.nextInt(10);
                    break;
                case UNKNOWNS:
                    t += 60;
                    v = r.nextInt(6) == 0 ? Double.NaN : i * 4.0 + r.nextInt(3);
                    break;
                case WRAPPING_COUNTERS:
                    t += 60;
                    counter += r.nextInt(10) == 0 ? -r.nextInt(5000) : r.nextInt(5000);
                    if (r.nextInt(200) == 0) {
                        counter = 4_294_967_000.0 + r.nextInt(200);
                    }
                    v = counter;
                    break;
                case WILD_VALUES:
                    t += 60 + r.nextInt(3) - 1;
                    v = r.nextInt(4) == 0 ? -r.nextDouble() * 1e12 : r.nextDouble() * Math.pow(10, r.nextInt(300)) / 7;
                    break;
                default:
                    throw new IllegalStateException();
            }
            if (r.nextInt(50) == 0 && !out.isEmpty()) {
                out.add(new long[] {out.get(out.size() - 1)[0], Double.doubleToRawLongBits(v)}); // a repeat
            }
            out.add(new long[] {t, Double.doubleToRawLongBits(v)});
        }
        return out;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
