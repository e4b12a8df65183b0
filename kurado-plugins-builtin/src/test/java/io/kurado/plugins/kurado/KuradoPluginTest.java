package io.kurado.plugins.kurado;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FakeHttpServer;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.plugins.support.Recorded;
import org.junit.jupiter.api.Test;

class KuradoPluginTest {
    @Test
    void readsAKuradoServersStatus() {
        try (FakeHttpServer kurado = FakeHttpServer.start()) {
            kurado.respond("/api/status", 200, Recorded.text("kurado/api-status.json"));
            FetchRun run = PluginTestKit.fetcher("kurado").address(kurado.address()).arguments(Integer.toString(kurado.port())).run()
                    .assertSucceeded();

            assertThat(run.keys()).containsExactly("samples_written.derive", "lines_rejected.derive", "samples_in_future.derive",
                    "batches_written.derive", "batches_rejected.derive", "fetches_run.derive", "fetches_failed.derive",
                    "fetches_timed_out.derive", "graphs_rendered.derive", "update_queue_depth.gauge", "fetch_queue_depth.gauge",
                    "queue_lag_ms.gauge", "hosts.gauge", "storage_failing_series.gauge");
            assertThat(run.value("samples_written.derive")).isEqualTo(30);
            assertThat(run.value("queue_lag_ms.gauge")).isEqualTo(501);
            PluginTestKit.check("kurado").afterFetch(run).run().assertPassed();
        }
    }

    @Test
    void aServerWithoutAnEngineGivesOnlyWhatItShows() {
        try (FakeHttpServer kurado = FakeHttpServer.start()) {
            kurado.respond("/api/status", 200, "{\"hosts\":3,\"graphs_rendered\":7,\"update_queue_depth\":\"unknown\"}");
            FetchRun run = PluginTestKit.fetcher("kurado").address(kurado.address()).arguments(Integer.toString(kurado.port())).run()
                    .assertSucceeded();

            assertThat(run.keys()).containsExactly("graphs_rendered.derive", "hosts.gauge");
        }
    }

    @Test
    void theViewShowsTheFetchersDefaultPort() {
        assertThat(PluginTestKit.viewer("kurado").run().groups().get(0).title()).isEqualTo("Kurado (5434)");
    }
}
