package io.kurado.plugins.gaurun;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FakeHttpServer;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.plugins.support.Recorded;
import org.junit.jupiter.api.Test;

class GaurunPluginTest {
    @Test
    void readsPushCountersAndTheQueue() {
        try (FakeHttpServer gaurun = FakeHttpServer.start()) {
            gaurun.respond("/stat/app", 200, Recorded.text("gaurun/stat-app.json"));
            FetchRun run = PluginTestKit.fetcher("gaurun").address(gaurun.address()).arguments(Integer.toString(gaurun.port())).run()
                    .assertSucceeded();

            assertThat(run.keys()).containsExactly("ios_push_success.counter", "ios_push_error.counter", "android_push_success.counter",
                    "android_push_error.counter", "queue_usage.gauge", "queue_max.gauge");
            assertThat(run.value("ios_push_error.counter")).isEqualTo(1921);
            assertThat(run.value("queue_max.gauge")).isEqualTo(8192);
            PluginTestKit.check("gaurun").afterFetch(run).run().assertPassed();
        }
    }

    @Test
    void theViewShowsTheFetchersDefaultPort() {
        assertThat(PluginTestKit.viewer("gaurun").run().groups().get(0).title()).isEqualTo("Gaurun (1056)");
    }
}
