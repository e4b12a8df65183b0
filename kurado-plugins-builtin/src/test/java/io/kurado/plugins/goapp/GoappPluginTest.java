package io.kurado.plugins.goapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FakeHttpServer;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.plugins.support.Recorded;
import org.junit.jupiter.api.Test;

class GoappPluginTest {
    @Test
    void readsTheGoRuntimeStatistics() {
        try (FakeHttpServer app = FakeHttpServer.start()) {
            app.respond("/stat/go", 200, Recorded.text("goapp/stat-go.json"));
            FetchRun run = PluginTestKit.fetcher("goapp").address(app.address()).arguments(Integer.toString(app.port())).run()
                    .assertSucceeded();

            assertThat(run.value("goroutine_num.gauge")).isEqualTo(214);
            assertThat(run.value("memory_alloc.gauge")).isEqualTo(38212440);
            assertThat(run.value("gc_num.counter")).isEqualTo(12044);
            assertThat(run.value("memory_frees.counter")).isEqualTo(1171722493);
            assertThat(run.value("cgo_call_num.counter")).isZero();
            assertThat(run.meta()).containsEntry("go_version", "go1.3");
            PluginTestKit.check("goapp").afterFetch(run).run().assertPassed();
            assertThat(PluginTestKit.viewer("goapp").meta(run.meta()).run().groups().get(0).title()).isEqualTo("GoApp (1056)");
        }
    }
}
