package io.kurado.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.storage.SeriesRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged journal costs what was destroyed and nothing more, and says so: each test leaves
 * samples only in the journal (the process dies before writing them into their files), damages
 * the journal as an operator, a disk or a crash might, starts again, and counts the samples back
 * from the files through rrd4j.
 *
 * <p>Each journal record holds the thirty minutes of one series, so the samples a record held are
 * exactly those its series lacks afterwards.
 */
class JournalDamageTest {
    private static final long NOW = 1_700_000_000L - 1_700_000_000L % 60;
    private static final String HOST = "10.9.0.1";
    private static final int SERIES = 150;
    private static final int MINUTES = 30;
    private static final int SEGMENT = 16 * 1024;

    @TempDir
    Path tmp;

    private final InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(NOW + 3600));

    private RrdStorage storage() {
        return new RrdStorage(tmp, new RrdStorageOptions(1000, Duration.ofHours(1), 2, clock), SEGMENT);
    }

    private static String key(int series) {
        return String.format(Locale.ROOT, "s%03d.gauge", series);
    }

    private static double value(int series, int minute) {
        return series * 100 + minute;
    }

    /** One record in a segment: where it is and the series it holds. */
    record Rec(long segment, int offset, int end, int series, int samples) {}

    /**
     * Writes minute 0 of every series into its file, then minutes 1 to 30 of each series in one
     * write (one journal record each), and dies before they reach their files.
     */
    private void dieWithSamplesOnlyInTheJournal() {
        RrdStorage s = storage();
        // two writes of each file first: after the second, a file is written every thousand samples
        for (int m = -1; m <= 0; m++) {
            List<Sample> first = new ArrayList<>();
            for (int i = 0; i < SERIES; i++) {
                first.add(new Sample(HOST, PluginRef.of("base"), MetricKey.of(key(i)), value(i, m), NOW + 60L * m));
            }
            assertThat(s.write(first).written()).isEqualTo(SERIES);
            s.flush();
        }
        for (int i = 0; i < SERIES; i++) {
            List<Sample> batch = new ArrayList<>();
            for (int m = 1; m <= MINUTES; m++) {
                batch.add(new Sample(HOST, PluginRef.of("base"), MetricKey.of(key(i)), value(i, m), NOW + 60L * m));
            }
            assertThat(s.write(batch).written()).isEqualTo(MINUTES);
        }
        assertThat(s.stats().waiting()).isEqualTo((long) SERIES * MINUTES);
        s.abandon();
    }

    /** @return the records of samples in the journal's segments, oldest first */
    private List<Rec> records() throws IOException {
        return allRecords().stream().filter(r -> r.series() >= 0).toList();
    }

    /** @return the records of the journal's segments (of samples, and of file writes about to be made), oldest first */
    private List<Rec> allRecords() throws IOException {
        List<Rec> out = new ArrayList<>();
        for (Path p : segments()) {
            long seq = Long.parseLong(p.getFileName().toString().substring(0, 16), 16);
            byte[] all = Files.readAllBytes(p);
            ByteBuffer b = ByteBuffer.wrap(all);
            int pos = JournalFormat.SEGMENT_HEADER;
            while (pos + JournalFormat.RECORD_HEADER <= all.length && b.getInt(pos) == JournalFormat.MARKER) {
                int length = b.getInt(pos + 4);
                int start = pos;
                int[] series = {-1};
                JournalRecords.read(ByteBuffer.wrap(all, pos + JournalFormat.RECORD_HEADER, length).slice(),
                        new JournalRecords.Visitor() {
                            @Override
                            public void samples(SeriesRef ref, long[] times, double[] values, int count) {
                                series[0] = Integer.parseInt(ref.key().name().substring(1));
                            }

                            @Override
                            public void write(String file, long before, long after, long[] offsets, byte[][] bytes) {}
                        });
                pos += JournalFormat.RECORD_HEADER + length;
                out.add(new Rec(seq, start, pos, series[0], b.getInt(start + 8)));
            }
        }
        return out;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve(Journal.DIRECTORY))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".journal")).sorted().toList();
        }
    }

    private Path segment(long seq) {
        return tmp.resolve(Journal.DIRECTORY).resolve(Journal.name(seq));
    }

    /** Starts again, replaying the journal, and stops; @return what it said it lost */
    private List<String> restart() {
        try (RrdStorage s = storage()) {
            return s.journalLosses();
        }
    }

    /** @return for each series, the minutes 1–30 found in its file with their value */
    private int[] minutesInFiles() {
        int[] found = new int[SERIES];
        for (int i = 0; i < SERIES; i++) {
            double[] v = Rrd4jFiles.minutes(tmp.resolve(HOST + "/base/" + key(i) + ".rrd"), NOW + 60, NOW + 60L * MINUTES);
            for (int m = 1; m <= MINUTES; m++) {
                if (v[m - 1] == value(i, m)) {
                    found[i]++;
                }
            }
        }
        return found;
    }

    private static void assertLostExactly(int[] found, List<Integer> lostSeries) {
        for (int i = 0; i < found.length; i++) {
            assertThat(found[i]).as("minutes of series %d in its file", i).isEqualTo(lostSeries.contains(i) ? 0 : MINUTES);
        }
    }

    private static void overwrite(Path file, long at, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }

    private static String n(long v) {
        return JournalDamage.number(v);
    }

    @Test
    void anUndamagedJournalGivesBackEverySample() throws IOException {
        dieWithSamplesOnlyInTheJournal();
        assertThat(segments()).as("several segments").hasSizeGreaterThan(3);
        assertThat(restart()).isEmpty();
        assertLostExactly(minutesInFiles(), List.of());
    }

    @Test
    void bytesFlippedInOneRecordCostThatRecordOnlyAndTheRestOfItsSegmentIsReplayed() throws IOException {
        dieWithSamplesOnlyInTheJournal();
        List<Rec> recs = records();
        long middle = recs.get(recs.size() / 2).segment();
        List<Rec> inIt = recs.stream().filter(r -> r.segment() == middle).toList();
        Rec hit = inIt.get(inIt.size() / 2);
        byte[] before = Files.readAllBytes(segment(middle));
        byte[] flipped = new byte[16];
        int at = (hit.offset() + hit.end()) / 2;
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = (byte) ~before[at + i];
        }
        overwrite(segment(middle), at, flipped);
        byte[] damaged = Files.readAllBytes(segment(middle));

        List<String> said = restart();

        assertLostExactly(minutesInFiles(), List.of(hit.series()));
        assertThat(said).hasSize(1);
        assertThat(said.get(0)).startsWith(MINUTES + " samples lost in a damaged part of segment " + middle + " (bytes "
                + n(hit.offset()) + "–" + n(hit.end()) + "; the segment is kept as " + Journal.name(middle) + ".damaged-");
        try (Stream<Path> s = Files.list(tmp.resolve(Journal.DIRECTORY))) {
            Path kept = s.filter(p -> p.getFileName().toString().startsWith(Journal.name(middle) + ".damaged-")).findFirst()
                    .orElseThrow();
            assertThat(Files.readAllBytes(kept)).as("kept as it was found").isEqualTo(damaged);
        }
    }

    @Test
    void aZeroedPageCostsTheRecordsItTouchedOnly() throws IOException {
        dieWithSamplesOnlyInTheJournal();
        List<Rec> recs = records();
        long seq = recs.stream().filter(r -> r.end() > 9000).findFirst().orElseThrow().segment();
        int from = 4096;
        int to = 8192;
        List<Rec> touched = allRecords().stream().filter(r -> r.segment() == seq && r.offset() < to && r.end() > from)
                .toList();
        overwrite(segment(seq), from, new byte[to - from]);
        assertThat(touched).hasSizeGreaterThan(5);

        List<String> said = restart();

        assertLostExactly(minutesInFiles(), touched.stream().map(Rec::series).toList());
        assertThat(said).containsExactly(n(touched.stream().mapToLong(Rec::samples).sum()) + " samples lost in a damaged part of segment "
                + seq + " (bytes " + n(touched.get(0).offset()) + "–" + n(touched.get(touched.size() - 1).end())
                + "; the segment is kept as " + keptName(seq) + ")");
    }

    @Test
    void aMissingMiddleSegmentIsNamedWithTheSamplesItHeld() throws IOException {
        dieWithSamplesOnlyInTheJournal();
        List<Rec> recs = records();
        long seq = recs.get(recs.size() / 2).segment();
        List<Rec> gone = recs.stream().filter(r -> r.segment() == seq).toList();
        Files.delete(segment(seq));

        List<String> said = restart();

        assertLostExactly(minutesInFiles(), gone.stream().map(Rec::series).toList());
        assertThat(said).containsExactly(n(gone.stream().mapToLong(Rec::samples).sum()) + " samples lost: segment " + seq
                + " is missing (between segments " + (seq - 1) + " and " + (seq + 1) + ")");
    }

    @Test
    void theNewestSegmentCutInTheMiddleOfARecordIsReported() throws IOException {
        dieWithSamplesOnlyInTheJournal();
        List<Rec> recs = records();
        Rec last = recs.get(recs.size() - 1);
        int cutAt = (last.offset() + last.end()) / 2;
        try (FileChannel ch = FileChannel.open(segment(last.segment()), StandardOpenOption.WRITE)) {
            ch.truncate(cutAt);
        }

        List<String> said = restart();

        assertLostExactly(minutesInFiles(), List.of(last.series()));
        assertThat(said).containsExactly("at least " + MINUTES + " samples lost: segment " + last.segment()
                + " ends in the middle of a record (cut at byte " + n(cutAt) + ", the record began at byte "
                + n(last.offset()) + "; the segment is kept as " + keptName(last.segment()) + ")");
    }

    @Test
    void aZeroedEndOfASegmentIsCountedFromTheNextSegmentOfTheSameRun() throws IOException {
        dieWithSamplesOnlyInTheJournal();
        List<Rec> recs = records();
        long seq = recs.get(recs.size() / 2).segment();
        List<Rec> inIt = recs.stream().filter(r -> r.segment() == seq).toList();
        List<Rec> tail = inIt.subList(inIt.size() - 3, inIt.size());
        overwrite(segment(seq), tail.get(0).offset(), new byte[SEGMENT - tail.get(0).offset()]);

        List<String> said = restart();

        assertLostExactly(minutesInFiles(), tail.stream().map(Rec::series).toList());
        assertThat(said).hasSize(1);
        assertThat(said.get(0)).startsWith(n(3L * MINUTES) + " samples lost in a damaged part of segment " + seq + " (bytes "
                + n(tail.get(0).offset()) + "–" + n(SEGMENT) + "; the segment is kept as ");
    }

    @Test
    void aDamagedSegmentHeaderCostsNoRecord() throws IOException {
        dieWithSamplesOnlyInTheJournal();
        List<Rec> recs = records();
        long seq = recs.get(recs.size() / 2).segment();
        overwrite(segment(seq), 0, "not a journal segment header".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        List<String> said = restart();

        assertLostExactly(minutesInFiles(), List.of());
        assertThat(said).singleElement().asString().startsWith("0 samples lost in a damaged part of segment " + seq
                + " (bytes 0–" + n(JournalFormat.SEGMENT_HEADER));
    }

    @Test
    void severalDamagesInSeveralSegmentsAreEachCountedAndTheStatusCountsTheirSamples() throws IOException {
        dieWithSamplesOnlyInTheJournal();
        List<Rec> recs = records();
        List<Long> seqs = recs.stream().map(Rec::segment).distinct().toList();
        Rec a = recs.stream().filter(r -> r.segment() == seqs.get(0)).toList().get(2);
        Rec b = recs.stream().filter(r -> r.segment() == seqs.get(2)).toList().get(4);
        overwrite(segment(a.segment()), a.offset() + 40, new byte[] {1, 2, 3});
        overwrite(segment(b.segment()), b.offset() + 1, new byte[] {0x55});

        long lost;
        List<String> said;
        try (RrdStorage s = storage()) {
            said = s.journalLosses();
            lost = s.samplesLost();
            assertThat(s.stats().journalDamages()).isEqualTo(2);
        }
        assertLostExactly(minutesInFiles(), List.of(a.series(), b.series()));
        assertThat(said).hasSize(2);
        assertThat(lost).as(said.toString()).isEqualTo(2L * MINUTES);
    }

    private String keptName(long seq) throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve(Journal.DIRECTORY))) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(Journal.name(seq) + ".damaged-")).findFirst()
                    .orElseThrow();
        }
    }

    // --------------------------------------------------------------------- the first format

    /**
     * A journal written by the first format (records of {@code length, CRC-32C} only) is still
     * replayed, so that a server upgraded with samples in its journal loses none; a damaged record
     * in it is skipped and the records after it are replayed.
     */
    @Test
    void aJournalOfTheFirstFormatIsReplayedAndADamagedRecordInItCostsOnlyItself() throws IOException {
        TreeMap<Integer, List<byte[]>> segs = new TreeMap<>();
        RrdStorage s = storage();
        List<Sample> first = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            first.add(new Sample(HOST, PluginRef.of("base"), MetricKey.of(key(i)), value(i, 0), NOW));
        }
        s.write(first);
        s.close();
        // what the first format held: one record per series, twenty records a segment
        for (int i = 0; i < SERIES; i++) {
            JournalRecords r = new JournalRecords();
            long[] times = new long[MINUTES];
            double[] values = new double[MINUTES];
            for (int m = 1; m <= MINUTES; m++) {
                times[m - 1] = NOW + 60L * m;
                values[m - 1] = value(i, m);
            }
            r.samples(new SeriesRef(HOST, "base", MetricKey.of(key(i))), times, values, 0, MINUTES);
            ByteBuffer p = r.payload();
            byte[] bytes = new byte[p.remaining()];
            p.get(bytes);
            segs.computeIfAbsent(1 + i / 20, k -> new ArrayList<>()).add(bytes);
        }
        int damagedSeries = 45;
        Files.createDirectories(tmp.resolve(Journal.DIRECTORY));
        for (var e : segs.entrySet()) {
            long seq = e.getKey();
            ByteBuffer b = ByteBuffer.allocate(SEGMENT);
            b.putLong(JournalFormat.MAGIC_V1).putLong(seq);
            for (byte[] rec : e.getValue()) {
                CRC32C c = new CRC32C();
                JournalFormat.updateSeq(c, seq);
                c.update(rec);
                b.putInt(rec.length).putInt((int) c.getValue());
                int at = b.position();
                b.put(rec);
                if (seq == 1 + damagedSeries / 20 && e.getValue().indexOf(rec) == damagedSeries % 20) {
                    b.put(at + rec.length / 2, (byte) ~b.get(at + rec.length / 2));
                }
            }
            Files.write(segment(seq), b.array());
        }

        List<String> said = restart();

        assertLostExactly(minutesInFiles(), List.of(damagedSeries));
        assertThat(said).singleElement().asString().startsWith("an unknown number of samples lost in a damaged part of segment "
                + (1 + damagedSeries / 20) + " (bytes ");
    }
}
