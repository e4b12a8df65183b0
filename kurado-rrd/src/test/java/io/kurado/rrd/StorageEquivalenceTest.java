package io.kurado.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.DataSourceType;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;

/**
 * The storage as a whole against rrd4j itself: files it creates and writes, a few samples at a
 * time, across restarts, hold byte for byte what rrd4j writes when it creates the file with the same
 * start and stores the same samples.
 */
class StorageEquivalenceTest {
    private static final long NOW = 1_796_400_000L;
    private static final String HOST = "198.51.100.7";

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (DataSourceType t : DataSourceType.values()) {
            for (int perWrite : new int[] {1, 5, 7}) {
                out.add(Arguments.of(t, perWrite));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, {1} samples per write")
    @MethodSource("cases")
    void filesAreWhatRrd4jWritesForTheSameSamples(DataSourceType type, int perWrite) throws IOException {
        Random random = new Random(type.ordinal() * 31L + perWrite);
        MetricKey key = MetricKey.of("m", type);
        AtomicLong now = new AtomicLong(NOW);
        InstantSource clock = () -> Instant.ofEpochSecond(now.get());
        RrdStorageOptions options = new RrdStorageOptions(perWrite, Duration.ofMinutes(5), 1, clock);
        // four hours of samples, the first ten minutes buffered (older than now when the file is made)
        List<Sample> samples = new ArrayList<>();
        double counter = 1e6;
        for (int m = 0; m < 240; m++) {
            long ts = NOW - 600 + 60L * m + random.nextInt(20);
            counter += random.nextInt(10) == 0 ? -random.nextInt(1000) : random.nextInt(100_000);
            double v = type == DataSourceType.GAUGE ? random.nextGaussian() * 50
                    : random.nextInt(40) == 0 ? Double.NaN : counter;
            samples.add(new Sample(HOST, PluginRef.of("p"), key, v, ts));
        }
        List<Integer> restarts = new ArrayList<>();
        RrdStorage storage = new RrdStorage(tmp, options);
        try {
            storage.write(samples.subList(0, 10)); // a buffered flush: creates the file
            for (int i = 10; i < samples.size(); i++) {
                now.set(samples.get(i).timestamp() + 5);
                storage.write(List.of(samples.get(i)));
                if (random.nextInt(60) == 0) {
                    storage.close();
                    storage = new RrdStorage(tmp, options);
                    restarts.add(i);
                }
            }
        } finally {
            storage.close();
        }

        Path ours = RrdLayout.file(tmp, HOST, "p", key);
        Path theirs = tmp.resolve("rrd4j.rrd");
        long start = Math.min(NOW, samples.get(0).timestamp()) - RrdDefinitions.START_OFFSET;
        RrdRandomAccessFileBackendFactory raf = new RrdRandomAccessFileBackendFactory();
        RrdDb db = RrdDb.getBuilder().setRrdDef(RrdDefinitions.kurado(theirs, type, start + RrdDefinitions.START_OFFSET))
                .setBackendFactory(raf).build();
        try {
            for (int i = 0; i < samples.size(); i++) {
                db.createSample(samples.get(i).timestamp()).setValue(0, samples.get(i).value()).update();
                if (restarts.contains(i)) { // rrd4j too opens the file afresh where the storage restarted
                    db.close();
                    db = RrdDb.getBuilder().setPath(theirs.toString()).setBackendFactory(raf).build();
                }
            }
        } finally {
            db.close();
        }
        assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(theirs));
    }

    @org.junit.jupiter.api.Test
    void manyFilesCreatedOneAfterAnotherAreEachWhatRrd4jCreates() throws IOException {
        Random random = new Random(99);
        AtomicLong now = new AtomicLong(NOW);
        List<Sample> firsts = new ArrayList<>();
        try (RrdStorage storage = new RrdStorage(tmp, new RrdStorageOptions(10, Duration.ofMinutes(10), 1,
                () -> Instant.ofEpochSecond(now.get())))) {
            for (int i = 0; i < 40; i++) {
                DataSourceType type = DataSourceType.values()[random.nextInt(4)];
                List<Sample> samples = new ArrayList<>();
                long ts = NOW - random.nextInt(7200);
                int n = 1 + random.nextInt(4);
                for (int k = 0; k < n; k++) {
                    samples.add(new Sample(HOST, PluginRef.of("p"), MetricKey.of("m" + i, type), random.nextInt(100_000), ts + 60L * k));
                }
                now.set(NOW + random.nextInt(600));
                storage.write(samples);
                storage.flush(); // created now, from the image the previous one left
                firsts.add(samples.get(0));
                Path theirs = tmp.resolve("rrd4j-" + i + ".rrd");
                long start = Math.min(now.get(), ts) - RrdDefinitions.START_OFFSET;
                try (RrdDb db = RrdDb.getBuilder().setRrdDef(RrdDefinitions.kurado(theirs, type, start + RrdDefinitions.START_OFFSET))
                        .setBackendFactory(new RrdRandomAccessFileBackendFactory()).build()) {
                    for (Sample x : samples) {
                        db.createSample(x.timestamp()).setValue(0, x.value()).update();
                    }
                }
                assertThat(Files.readAllBytes(RrdLayout.file(tmp, HOST, "p", samples.get(0).key())))
                        .as("file %d (%s)", i, type).isEqualTo(Files.readAllBytes(theirs));
            }
        }
    }
}
