package io.kurado.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    private static final int SEGMENT = 4096;

    @TempDir
    Path tmp;

    private static ByteBuffer record(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> replayed(Path dataDir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Journal j = Journal.open(dataDir, SEGMENT)) {
            j.replay((segment, payload) -> out.add(StandardCharsets.UTF_8.decode(payload).toString()));
        }
        return out;
    }

    private long files(String glob) throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve(Journal.DIRECTORY))) {
            return s.filter(p -> tmp.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName())).count();
        }
    }

    @Test
    void segmentsTakeTheirFullSizeWhenMadeSoThatAppendingNeedsNoMoreSpace() throws IOException {
        try (Journal j = Journal.open(tmp, SEGMENT)) {
            j.append(record("first"));
            try (Stream<Path> s = Files.list(tmp.resolve(Journal.DIRECTORY))) {
                assertThat(s.filter(p -> p.toString().endsWith(".journal") || p.toString().endsWith(".spare")))
                        .allSatisfy(p -> assertThat(Files.size(p)).isGreaterThanOrEqualTo(SEGMENT));
            }
        }
        assertThat(files("*.spare")).as("one ready for the next segment").isEqualTo(1);
    }

    @Test
    void retiredSegmentsBecomeSparesAndTheirOldRecordsAreNeverReplayed() throws IOException {
        try (Journal j = Journal.open(tmp, SEGMENT)) {
            for (int i = 0; i < 200; i++) {
                j.append(record("old record " + i + " " + "x".repeat(100)));
            }
            j.deleteBefore(j.currentSegment());
        }
        long before = files("*");
        List<String> now = new ArrayList<>();
        try (Journal j = Journal.open(tmp, SEGMENT)) {
            for (int i = 0; i < 50; i++) {
                String r = "new record " + i;
                j.append(record(r));
                now.add(r);
            }
            j.deleteBefore(j.currentSegment() - 1);
        }
        assertThat(files("*")).as("spares are reused, not made anew").isLessThanOrEqualTo(before + 1);
        List<String> replayed = replayed(tmp);
        List<String> old = replayed.stream().filter(r -> r.startsWith("old")).toList();
        assertThat(old).as("only the segment the earlier process was writing: its last records, in order").isNotEmpty()
                .hasSizeLessThan(60).last().asString().startsWith("old record 199 ");
        for (int i = 0; i < old.size(); i++) {
            assertThat(old.get(i)).startsWith("old record " + (200 - old.size() + i) + " ");
        }
        assertThat(replayed).filteredOn(r -> r.startsWith("new")).containsExactlyElementsOf(now);
    }

    @Test
    void aRecordCutShortEndsItsSegmentAndTheRecordsBeforeItAreReplayed() throws IOException {
        Path seg;
        try (Journal j = Journal.open(tmp, SEGMENT)) {
            j.append(record("one"));
            j.append(record("two"));
            seg = tmp.resolve(Journal.DIRECTORY).resolve(Journal.name(j.currentSegment()));
        }
        // a third record whose payload the process did not finish writing
        byte[] bytes = Files.readAllBytes(seg);
        int end = JournalFormat.SEGMENT_HEADER + 2 * (JournalFormat.RECORD_HEADER + 3);
        ByteBuffer header = ByteBuffer.wrap(bytes).position(end);
        JournalFormat.recordHeader(header, new java.util.zip.CRC32C(), Long.parseLong(seg.getFileName().toString()
                .substring(0, 16), 16), 100, 0, 0, 12345);
        Files.write(seg, bytes);
        assertThat(replayed(tmp)).containsExactly("one", "two");
    }
}
