package io.kurado.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.meta.MetaWrite;
import io.kurado.core.config.IngestLimits;
import io.kurado.core.engine.EngineStats;
import io.kurado.core.testing.ManualClock;
import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.FaultyStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdaterTest {
    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_764_064_830));
    final FaultyStorage storage = new FaultyStorage();
    final Fakes.RecordingMetaStore meta = new Fakes.RecordingMetaStore();
    final EngineCounters counters = new EngineCounters();

    final List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();

    Updater updater() {
        return new Updater(new Fakes.ListQueue(), storage, meta, clock, dir, counters, IngestLimits.DEFAULT, reports::add);
    }

    @Test
    void writesSamplesMetaAndWarningsOfABatch() {
        String batch = "10.0.0.1\tbase.metrics.cpu-user.derive\t44682\t1764064800\n"
                + "10.0.0.1\tbase.metrics.loadavg-1.gauge\t0.50\t1764064800\n"
                + "10.0.0.1\tbase.meta.uptime\t57649\t1764064800\n"
                + "10.0.0.1\tbase.warn.traffic\tfailed to exec ip link\t1764064800\n"
                + "10.0.0.1\thttp%3A80.metrics.busy.gauge\t5\t1764064803\n";
        assertThat(updater().write(List.of(Fakes.update(batch)))).isEqualTo(3);
        assertThat(storage.samples()).extracting(s -> s.key().toString())
                .containsExactly("cpu-user.derive", "loadavg-1.gauge", "busy.gauge");
        MetaWrite w = meta.writes.get(0);
        assertThat(w.meta()).singleElement().satisfies(m -> assertThat(m.value()).isEqualTo("57649"));
        assertThat(w.warnings()).singleElement().satisfies(x -> assertThat(x.key()).isEqualTo("traffic"));
        assertThat(w.received()).containsExactly(
                new MetaWrite.Received("10.0.0.1", PluginRef.of("base")),
                new MetaWrite.Received("10.0.0.1", PluginRef.of("http", "80")));
        assertThat(w.receivedAt()).isEqualTo(clock.instant().getEpochSecond());
        EngineStats st = counters.snapshot(0, 0);
        assertThat(st.samplesWritten()).isEqualTo(3);
        assertThat(st.batchesWritten()).isEqualTo(1);
        assertThat(st.lagMillis()).isEqualTo(27_000);
    }

    @Test
    void badLinesAreCountedAndTheRestIsWritten() {
        String batch = "10.0.0.1\tbase.metrics.a.gauge\t1\t100\n"
                + "10.0.0.1\tbase.metrics.b.gauge\tnot-a-number\t100\n"
                + "10.0.0.2 no tabs at all\n"
                + "10.0.0.1\tbase.metrics.c.gauge\t3\t100\n";
        updater().write(List.of(Fakes.update(batch)));
        assertThat(storage.samples()).extracting(Sample::value).containsExactly(1.0, 3.0);
        assertThat(counters.snapshot(0, 0).linesRejected()).isEqualTo(2);
    }

    @Test
    void repeatedSamplesAreSkippedAndCounted() {
        String batch = "h\tbase.metrics.a.gauge\t1\t100\n";
        Updater u = updater();
        u.write(List.of(Fakes.update(batch)));
        u.write(List.of(Fakes.update(batch)));
        assertThat(storage.samples()).hasSize(1);
        assertThat(counters.snapshot(0, 0).samplesSkipped()).isEqualTo(1);
    }

    @Test
    void aSampleStampedFarAheadOfTheClockIsRejectedAndDoesNotPoisonItsSeries() {
        long now = clock.instant().getEpochSecond();
        Updater u = updater();
        u.write(List.of(Fakes.update("10.0.0.1\tbase.metrics.a.gauge\t1\t99999999999\n"
                + "10.0.0.1\tbase.metrics.b.gauge\t2\t" + (now + 599) + "\n")));
        u.write(List.of(Fakes.update("10.0.0.1\tbase.metrics.a.gauge\t3\t" + now + "\n")));
        assertThat(storage.samples()).extracting(Sample::value).containsExactly(2.0, 3.0);
        EngineStats st = counters.snapshot(0, 0);
        assertThat(st.samplesInFuture()).isEqualTo(1);
        assertThat(st.samplesSkipped()).isZero();
    }

    @Test
    void aBatchLargerThanTheLimitIsRejectedWholeAndTheOthersAreWritten() {
        StringBuilder huge = new StringBuilder();
        for (int i = 0; huge.length() <= IngestLimits.DEFAULT.maxBatchBytes(); i++) {
            huge.append("10.0.0.66\tbase.metrics.m").append(i).append(".gauge\t1\t1764064800\n");
        }
        updater().write(List.of(Fakes.update(huge.toString()), Fakes.update("10.0.0.1\tbase.metrics.a.gauge\t1\t1764064800\n")));
        assertThat(storage.samples()).extracting(Sample::address).containsExactly("10.0.0.1");
        EngineStats st = counters.snapshot(0, 0);
        assertThat(st.batchesRejected()).isEqualTo(1);
        assertThat(st.batchesWritten()).isEqualTo(2);
    }

    @Test
    void aBatchThatIsNotUtf8IsWrittenWithItsBadBytesReplacedOrItsLineRejected() {
        byte[] batch = ("10.0.0.1\tbase.meta.location\tcaf\u00e9\t1764064800\n"
                + "10.0.0.1\tbase.metrics.caf\u00e9.gauge\t1\t1764064800\n"
                + "10.0.0.1\tbase.metrics.a.gauge\t1\t1764064800\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        updater().write(List.of(new io.kurado.api.queue.Delivery(io.kurado.api.queue.Topic.UPDATE, batch)));
        assertThat(storage.samples()).extracting(s -> s.key().name()).containsExactly("a");
        assertThat(meta.writes.get(0).meta()).singleElement().satisfies(m -> assertThat(m.value()).isEqualTo("caf\ufffd"));
        assertThat(counters.snapshot(0, 0).linesRejected()).isEqualTo(1);
    }

    @Test
    void aSkippedOlderSampleIsReportedWithItsSeriesAndBothTimes() {
        long now = clock.instant().getEpochSecond();
        Updater u = updater();
        u.write(List.of(Fakes.update("10.0.0.1\tbase.metrics.cpu-user.derive\t1\t" + now + "\n")));
        u.write(List.of(Fakes.update("10.0.0.1\tbase.metrics.cpu-user.derive\t2\t" + (now - 60) + "\n"
                + "10.0.0.1\tbase.metrics.other.gauge\t2\t" + (now - 60) + "\n")));
        assertThat(counters.snapshot(0, 0).samplesSkipped()).isEqualTo(1);
        assertThat(reports).singleElement().isEqualTo("Skipped 1 sample(s) from '10.0.0.1' older than the last update of"
                + " their series, e.g. base.metrics.cpu-user.derive at 1764064770 (2025-11-25T09:59:30Z), last updated"
                + " 1764064830 (2025-11-25T10:00:30Z)");
    }

    @Test
    void rejectedLinesAreReportedOncePerHostAndMinute() {
        Updater u = updater();
        for (int i = 0; i < 5; i++) {
            u.write(List.of(Fakes.update("10.0.0.1\tbase.metrics.a.gauge\tbad\t1\n")));
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(reports).hasSize(1);
        clock.advance(Duration.ofSeconds(20));
        u.write(List.of(Fakes.update("10.0.0.1\tbase.metrics.a.gauge\tbad\t1\n")));
        assertThat(reports).hasSize(2);
        assertThat(reports.get(1)).endsWith("(4 more such reports held back before this one)");
        assertThat(counters.snapshot(0, 0).linesRejected()).isEqualTo(6);
    }

    @Test
    void garbageWithANewAddressOnEveryLineCannotFloodTheLog() {
        Updater u = updater();
        int lines = 0;
        for (int minute = 0; minute < 3; minute++) {
            for (int batch = 0; batch < 20; batch++) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < 4_000; i++, lines++) {
                    b.append("\u001b[2J\rforged ").append(lines).append("\t").append("x".repeat(200)).append('\n');
                }
                u.write(List.of(Fakes.update(b.toString())));
                clock.advance(Duration.ofSeconds(3));
            }
        }
        assertThat(counters.snapshot(0, 0).linesRejected()).isEqualTo(240_000);
        assertThat(reports).as("log lines in 3 minutes").hasSizeLessThanOrEqualTo(30);
        assertThat(reports).allSatisfy(r -> assertThat(r).hasSizeLessThan(600).doesNotContain("\u001b", "\r", "\n"));
    }

    @Test
    void aFloodOfGarbageDoesNotHideAReportOfAnotherKind() {
        Updater u = updater();
        StringBuilder garbage = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            garbage.append("junk-").append(i).append("\tx\n");
        }
        u.write(List.of(Fakes.update(garbage.toString())));
        u.write(List.of(Fakes.update("10.0.0.9\tbase.metrics.a.gauge\t1\t99999999999\n")));
        assertThat(reports).hasSize(BatchIntake.MAX_REPORTS_PER_MINUTE + 1);
        assertThat(reports.get(reports.size() - 1)).startsWith("Rejected 1 sample(s) from '10.0.0.9' stamped more than 600 s ahead");
    }

    @Test
    void aMetaStoreFailureFailsTheWholeWriteSoNothingIsAcknowledged() {
        meta.failing = true;
        assertThatThrownBy(() -> updater().write(List.of(Fakes.update("h\tbase.meta.x\ty\t1\n"))))
                .hasMessageContaining("meta store down");
        assertThat(counters.snapshot(0, 0).batchesWritten()).isZero();
    }

    @Test
    void aWriteRetriedAfterAFailureCountsAndReportsItsRejectsOnce() throws Exception {
        meta.failing = true;
        io.kurado.core.memory.InMemoryQueue queue = new io.kurado.core.memory.InMemoryQueue();
        Updater u = new Updater(queue, storage, meta, clock, dir, counters, IngestLimits.DEFAULT, reports::add);
        queue.push(io.kurado.api.queue.Topic.UPDATE, List.of("10.0.0.1\tbase.metrics.a.gauge\t1\t1764064800\nbad line\n"));
        u.start(1, "retry-test");
        try {
            Await.until("the meta store is tried three times", () -> meta.attempts.get() >= 3);
            meta.failing = false;
            Await.until("the batch is written", () -> counters.snapshot(0, 0).batchesWritten() == 1);
        } finally {
            u.close();
        }
        assertThat(counters.snapshot(0, 0).linesRejected()).isEqualTo(1);
        assertThat(reports).hasSize(1);
    }

    @Test
    void batchesTheStorageKeepsRefusingAreGivenBackToTheQueueForAnotherServer() throws Exception {
        storage.refuseWrites("the storage refuses writes");
        io.kurado.core.memory.InMemoryQueue queue = new io.kurado.core.memory.InMemoryQueue();
        io.kurado.api.queue.Topic update = io.kurado.api.queue.Topic.UPDATE;
        Updater u = new Updater(queue, storage, meta, clock, dir, counters, IngestLimits.DEFAULT, reports::add);
        queue.push(update, List.of("10.0.0.1\tbase.metrics.a.gauge\t1\t1764064800\n"));
        u.start(1, "refused");
        try (io.kurado.api.queue.QueueConsumer other = queue.consumer(update, "another-server")) {
            Await.until("the storage has refused every attempt", () -> storage.refused() == Updater.WRITE_ATTEMPTS);
            // given back: another server takes it while this one pauses
            List<io.kurado.api.queue.Delivery> taken = other.poll(1, Duration.ofSeconds(30));
            assertThat(taken).extracting(io.kurado.api.queue.Delivery::payload)
                    .containsExactly("10.0.0.1\tbase.metrics.a.gauge\t1\t1764064800\n");
            other.ack(taken);
        } finally {
            u.close();
        }
        assertThat(storage.refused()).as("no write tried after giving it back").isEqualTo(Updater.WRITE_ATTEMPTS);
        assertThat(counters.snapshot(0, 0).batchesWritten()).isZero();
    }

    @Test
    void anUpdaterGivenATopicWritesThatTopicsBatchesAndLeavesTheOthers() throws Exception {
        io.kurado.core.memory.InMemoryQueue queue = new io.kurado.core.memory.InMemoryQueue();
        io.kurado.api.queue.Topic shard = new io.kurado.api.queue.Topic("kurado-update-shard-2");
        Updater u = new Updater(queue, storage, meta, clock, dir, counters, IngestLimits.DEFAULT, reports::add);
        queue.push(io.kurado.api.queue.Topic.UPDATE, List.of("10.0.0.1\tbase.metrics.a.gauge\t1\t1764064800\n"));
        queue.push(shard, List.of("10.0.0.2\tbase.metrics.a.gauge\t2\t1764064800\n"));
        u.start(1, "sharded", shard);
        try {
            Await.until("the shard's batch is written", () -> counters.snapshot(0, 0).batchesWritten() == 1);
        } finally {
            u.close();
        }
        assertThat(storage.samples()).singleElement().satisfies(x -> assertThat(x.address()).isEqualTo("10.0.0.2"));
        assertThat(queue.depth(io.kurado.api.queue.Topic.UPDATE)).as("the other topic's batch is left").isEqualTo(1);
        assertThat(queue.depth(shard)).isZero();
    }

    @Test
    void aBatchGivenBackIsTakenAgainAfterAPauseAndWrittenOnceTheStorageTakesIt() throws Exception {
        storage.refuseWrites("the storage refuses writes");
        io.kurado.core.memory.InMemoryQueue queue = new io.kurado.core.memory.InMemoryQueue();
        Updater u = new Updater(queue, storage, meta, clock, dir, counters, IngestLimits.DEFAULT, reports::add);
        queue.push(io.kurado.api.queue.Topic.UPDATE, List.of("10.0.0.1\tbase.metrics.a.gauge\t1\t1764064800\n"));
        u.start(1, "refused");
        try {
            Await.until("the storage has refused every attempt", () -> storage.refused() >= Updater.WRITE_ATTEMPTS);
            storage.refuseWrites(null);
            Await.until("the batch is written", () -> counters.snapshot(0, 0).batchesWritten() == 1);
        } finally {
            u.close();
        }
        assertThat(storage.samples()).hasSize(1);
        assertThat(queue.depth(io.kurado.api.queue.Topic.UPDATE)).isZero();
    }


    @Test
    void aFreshPauseFilePausesAndAnOldOneDoesNot() throws Exception {
        PauseFile pause = new PauseFile(dir, clock);
        assertThat(pause.isPaused()).isFalse();
        Path stop = Files.createFile(dir.resolve("stop"));
        Files.setLastModifiedTime(stop, FileTime.from(clock.instant().minusSeconds(60)));
        assertThat(pause.isPaused()).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(pause.isPaused()).isFalse();
    }

    @Test
    void oneThreadTakesEveryTopicItIsGivenWritesThemAtOnceAndLetsOneGoWhenAsked() throws Exception {
        io.kurado.core.memory.InMemoryQueue queue = new io.kurado.core.memory.InMemoryQueue();
        io.kurado.api.queue.Topic a = new io.kurado.api.queue.Topic("kurado-shard:{s1}:1");
        io.kurado.api.queue.Topic b = new io.kurado.api.queue.Topic("kurado-shard:{s2}:1");
        Updater u = new Updater(queue, storage, meta, clock, dir, counters, IngestLimits.DEFAULT, reports::add);
        queue.push(a, List.of("10.0.0.1\tbase.metrics.a.gauge\t1\t1764064800\n", "10.0.0.1\tbase.metrics.a.gauge\t2\t1764064860\n"));
        queue.push(b, List.of("10.0.0.2\tbase.metrics.a.gauge\t3\t1764064800\n"));
        u.startTopics(1, "kurado-update-shards-test");
        try {
            AutoCloseable takesA = u.take(a, "owner");
            u.take(b, "owner");
            Await.until("both topics' batches are written", () -> counters.snapshot(0, 0).batchesWritten() == 3);
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .filteredOn(n -> n.startsWith("kurado-update")).containsExactly("kurado-update-shards-test");
            assertThat(storage.samples()).extracting(Sample::value).as("one host's batches in order").containsSubsequence(1.0, 2.0);

            takesA.close();
            queue.push(a, List.of("10.0.0.1\tbase.metrics.a.gauge\t4\t1764064920\n"));
            queue.push(b, List.of("10.0.0.2\tbase.metrics.a.gauge\t5\t1764064860\n"));
            Await.until("the topic still taken is written", () -> counters.snapshot(0, 0).batchesWritten() == 4);
            assertThat(queue.depth(a)).as("the topic let go is no longer taken").isEqualTo(1);
            assertThat(storage.samples()).extracting(Sample::value).doesNotContain(4.0);
        } finally {
            u.close();
        }
    }

    @Test
    void whatTheStorageRefusesFromSeveralTopicsIsGivenBackToEachOfThem() throws Exception {
        storage.refuseWrites("the storage refuses writes");
        io.kurado.core.memory.InMemoryQueue queue = new io.kurado.core.memory.InMemoryQueue();
        io.kurado.api.queue.Topic a = new io.kurado.api.queue.Topic("kurado-shard:{s1}:1");
        io.kurado.api.queue.Topic b = new io.kurado.api.queue.Topic("kurado-shard:{s2}:1");
        Updater u = new Updater(queue, storage, meta, clock, dir, counters, IngestLimits.DEFAULT, reports::add);
        queue.push(a, List.of("10.0.0.1\tbase.metrics.a.gauge\t1\t1764064800\n"));
        queue.push(b, List.of("10.0.0.2\tbase.metrics.a.gauge\t2\t1764064800\n"));
        u.startTopics(1, "kurado-update-shards-test");
        try {
            u.take(a, "owner");
            u.take(b, "owner");
            Await.until("the storage has refused every attempt", () -> storage.refused() >= Updater.WRITE_ATTEMPTS);
            Await.until("both batches are back in their topics", () -> queue.depth(a) == 1 && queue.depth(b) == 1);
            storage.refuseWrites(null);
            Await.until("both are written once the storage takes them", () -> counters.snapshot(0, 0).batchesWritten() == 2);
        } finally {
            u.close();
        }
        assertThat(storage.samples()).extracting(Sample::address).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2");
    }
}
