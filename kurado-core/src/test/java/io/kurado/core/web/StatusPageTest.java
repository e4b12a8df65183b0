package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.engine.EngineStats;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusPageTest {
    private final WebFixture f = new WebFixture();
    private final AtomicLong written = new AtomicLong();
    private final KuradoWeb web = KuradoWeb.builder().config(f.config).registry(f.registry).metaStore(f.meta).clock(f.clock)
            .zone(ZoneOffset.UTC).stats(() -> Optional.of(stats(written.get()))).build();

    @Test
    void samplesPerSecondAreMeasuredBetweenLooks() {
        assertThat(json()).contains("\"samples_per_second\":\"n/a\"");
        written.set(6000);
        f.clock.advance(Duration.ofSeconds(60));

        assertThat(json()).contains("\"samples_per_second\":100.0", "\"samples_written\":6000");
    }

    @Test
    void manyLooksKeepABoundedNumberOfSnapshotsAndTheRateOverFiveMinutes() {
        for (int i = 0; i < 5_000; i++) {
            written.addAndGet(50);
            f.clock.advance(Duration.ofMillis(100));
            json();
        }

        assertThat(web.statusPage().snapshots()).isLessThanOrEqualTo(StatusPage.MAX_SNAPSHOTS);
        assertThat(json()).contains("\"samples_per_second\":500.0");
    }

    @Test
    void queueLagRejectedLinesAndFetchFailuresAreShown() {
        String html = web.handler().handle(WebRequest.get("/status")).bodyText();

        assertThat(html).contains("lines rejected", "queue lag ms", "fetches failed", "update queue depth");
        assertThat(json()).contains("\"lines_rejected\":7", "\"samples_in_future\":2", "\"batches_rejected\":1", "\"queue_lag_ms\":1500", "\"fetches_failed\":3", "\"fetch_queue_depth\":\"unknown\"");
    }

    @Test
    void samplesTheStorageLostAreCounted() {
        KuradoWeb lossy = KuradoWeb.builder().config(f.config).registry(f.registry).metaStore(f.meta).clock(f.clock)
                .zone(ZoneOffset.UTC).stats(() -> Optional.of(new EngineStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        Duration.ZERO, 0, 0, 0, 4545))).build();

        assertThat(lossy.handler().handle(WebRequest.get("/api/status")).bodyText()).contains("\"storage_samples_lost\":4545");
        assertThat(lossy.handler().handle(WebRequest.get("/status")).bodyText()).contains("storage samples lost");
        assertThat(json()).contains("\"storage_samples_lost\":0");
    }

    private String json() {
        return web.handler().handle(WebRequest.get("/api/status")).bodyText();
    }

    private static EngineStats stats(long written) {
        return new EngineStats(written, 0, 0, 7, 2, 1, 10, 50, 3, 1, 5, 0, 100, Duration.ofSeconds(2), 4, -1, 1500);
    }
}
