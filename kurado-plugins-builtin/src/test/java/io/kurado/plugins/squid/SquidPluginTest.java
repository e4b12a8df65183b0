package io.kurado.plugins.squid;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FakeTcpServer;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.plugins.support.Recorded;
import org.junit.jupiter.api.Test;

class SquidPluginTest {
    private static FakeTcpServer squid() {
        return FakeTcpServer.start()
                .replyAndClose("GET cache_object://localhost/counters HTTP/1.0\r\n\r\n", Recorded.text("squid/counters.txt"))
                .replyAndClose("GET cache_object://localhost/5min HTTP/1.0\r\n\r\n", Recorded.text("squid/5min.txt"))
                .replyAndClose("GET cache_object://localhost/info HTTP/1.0\r\n\r\n", Recorded.text("squid/info.txt"));
    }

    @Test
    void readsCountersServiceTimesAndInfoFromTheCacheManager() {
        try (FakeTcpServer squid = squid()) {
            FetchRun run = PluginTestKit.fetcher("squid").address(squid.address()).arguments(Integer.toString(squid.port())).run()
                    .assertSucceeded();

            assertThat(squid.connections()).isEqualTo(3);
            assertThat(run.value("client-http.requests.derive")).isEqualTo(8612345);
            assertThat(run.value("client-http.hits.derive")).isEqualTo(3120987);
            assertThat(run.value("client-http.errors.derive")).isEqualTo(1842);
            assertThat(run.value("svc-time.all.gauge")).isEqualTo(42.149, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(run.value("svc-time.hit.gauge")).isEqualTo(3.062, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(run.value("file-descriptors.max.gauge")).isEqualTo(65536);
            assertThat(run.value("file-descriptors.used.gauge")).isEqualTo(987);
            assertThat(run.value("store-entries.total.gauge")).isEqualTo(493216);
            assertThat(run.value("store-entries.with-memobject.gauge")).isEqualTo(12842);
            assertThat(run.meta()).containsEntry("version", "3.5.27").containsEntry("uptime", "432259");
            assertThat(PluginTestKit.viewer("squid").arguments(Integer.toString(squid.port())).run().groups().get(0).title())
                    .isEqualTo("Squid (" + squid.port() + ")");
            PluginTestKit.check("squid").afterFetch(run).run().assertPassed();
        }
    }

    @Test
    void aPageDeniedByTheCacheManagerFailsTheFetch() {
        try (FakeTcpServer squid = FakeTcpServer.start().replyAndClose("GET cache_object://localhost/counters HTTP/1.0\r\n\r\n",
                "HTTP/1.1 403 Forbidden\r\nServer: squid\r\n\r\nAccess Denied.\r\n")) {
            FetchRun run = PluginTestKit.fetcher("squid").address(squid.address()).arguments(Integer.toString(squid.port())).run();

            assertThat(run.failureMessage()).hasValue("squid at 127.0.0.1:" + squid.port()
                    + " answered 'HTTP/1.1 403 Forbidden' for cache_object://localhost/counters");
        }
    }
}
