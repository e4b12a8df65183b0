package io.kurado.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.meta.MetaWrite;
import io.kurado.core.testing.ManualClock;
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
    final Fakes.RecordingStorage storage = new Fakes.RecordingStorage();
    final Fakes.RecordingMetaStore meta = new Fakes.RecordingMetaStore();
    final EngineCounters counters = new EngineCounters();

    Updater updater() {
        return new Updater(new Fakes.ListQueue(), storage, meta, clock, dir, counters);
    }

    @Test
    void writesSamplesMetaAndWarningsOfABatch() {
        String batch = "10.0.0.1\tbase.metrics.cpu-user.derive\t44682\t1764064800\n"
                + "10.0.0.1\tbase.metrics.loadavg-1.gauge\t0.50\t1764064800\n"
                + "10.0.0.1\tbase.meta.uptime\t57649\t1764064800\n"
                + "10.0.0.1\tbase.warn.traffic\tfailed to exec ip link\t1764064800\n"
                + "10.0.0.1\thttp%3A80.metrics.busy.gauge\t5\t1764064803\n";
        assertThat(updater().write(List.of(Fakes.update(batch)))).isEqualTo(3);
        assertThat(storage.samples).extracting(s -> s.key().toString())
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
        assertThat(storage.samples).extracting(Sample::value).containsExactly(1.0, 3.0);
        assertThat(counters.snapshot(0, 0).linesRejected()).isEqualTo(2);
    }

    @Test
    void repeatedSamplesAreSkippedAndCounted() {
        String batch = "h\tbase.metrics.a.gauge\t1\t100\n";
        Updater u = updater();
        u.write(List.of(Fakes.update(batch)));
        u.write(List.of(Fakes.update(batch)));
        assertThat(storage.samples).hasSize(1);
        assertThat(counters.snapshot(0, 0).samplesSkipped()).isEqualTo(1);
    }

    @Test
    void aMetaStoreFailureFailsTheWholeWriteSoNothingIsAcknowledged() {
        meta.failing = true;
        assertThatThrownBy(() -> updater().write(List.of(Fakes.update("h\tbase.meta.x\ty\t1\n"))))
                .hasMessageContaining("meta store down");
        assertThat(counters.snapshot(0, 0).batchesWritten()).isZero();
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
}
