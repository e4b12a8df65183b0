package io.kurado.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testing.ManualClock;
import io.kurado.core.testkit.FakeHttpServer;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.core.testkit.ViewRun;
import io.kurado.plugins.support.Recorded;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpPluginTest {
    @Test
    void readsWorkersRequestsAndUptimeFromApacheStatus() {
        try (FakeHttpServer apache = FakeHttpServer.start()) {
            apache.respond("/server-status?auto", 200, Recorded.text("http/apache-2.4-server-status.txt"), "Server", "Apache/2.4.62 (Debian)");
            FetchRun run = PluginTestKit.fetcher("http").address(apache.address()).arguments(Integer.toString(apache.port())).run()
                    .assertSucceeded();

            assertThat(run.value("busy.gauge")).isEqualTo(3);
            assertThat(run.value("idle.gauge")).isEqualTo(72);
            assertThat(run.value("reqs.derive")).isEqualTo(184322);
            assertThat(run.meta()).containsEntry("server", "Apache/2.4.62 (Debian)").containsEntry("uptime", "432198")
                    .containsEntry("has-reqs", "1");
            assertThat(apache.requests()).singleElement()
                    .satisfies(r -> assertThat(r.userAgent()).isEqualTo("kurado-plugin"));

            ViewRun view = PluginTestKit.viewer("http").arguments(Integer.toString(apache.port())).meta(run.meta()).run();
            assertThat(view.graphs()).containsExactly("worker", "reqs");
            assertThat(view.groups().get(0).title()).isEqualTo("HTTP (" + apache.port() + ")");
            assertThat(view.groups().get(0).meta()).extracting(m -> m.key() + "=" + m.value())
                    .containsExactly("uptime=up 5 days,  0:03", "server=Apache/2.4.62 (Debian)");
            PluginTestKit.check("http").afterFetch(run).run().assertPassed();
        }
    }

    @Test
    void aServerWithoutExtendedStatusHasNoRequestGraph() {
        try (FakeHttpServer apache = FakeHttpServer.start()) {
            apache.respond("/status", 200, Recorded.text("http/apache-2.2-no-extended-status.txt"));
            FetchRun run = PluginTestKit.fetcher("http").address(apache.address())
                    .arguments(Integer.toString(apache.port()), "/status").run().assertSucceeded();

            assertThat(run.keys()).containsExactly("busy.gauge", "idle.gauge");
            assertThat(run.meta()).doesNotContainKey("has-reqs");
            assertThat(PluginTestKit.viewer("http").meta(run.meta()).run().graphs()).containsExactly("worker");
            PluginTestKit.check("http").afterFetch(run).run().assertPassed();
        }
    }

    @Test
    void sendsTheHostHeaderGivenAsThirdArgument() {
        try (FakeHttpServer apache = FakeHttpServer.start()) {
            apache.respond("/server-status?auto", 200, "BusyWorkers: 1\nIdleWorkers: 2\n");
            PluginTestKit.fetcher("http").address(apache.address())
                    .arguments(Integer.toString(apache.port()), "", "www.example.com").run().assertSucceeded();

            assertThat(apache.requests()).singleElement().satisfies(r -> assertThat(r.host()).isEqualTo("www.example.com"));
        }
    }

    @Test
    void anUptimeGivenAsStartTimeIsTurnedIntoSeconds() {
        try (FakeHttpServer apache = FakeHttpServer.start()) {
            apache.respond("/server-status?auto", 200, "Uptime: 1404445841\nBusyWorkers: 1\nIdleWorkers: 2\n");
            FetchRun run = PluginTestKit.fetcher("http").address(apache.address()).arguments(Integer.toString(apache.port()))
                    .clock(new ManualClock(Instant.ofEpochSecond(1404878100))).run().assertSucceeded();

            assertThat(run.meta()).containsEntry("uptime", Long.toString(1404878100 - 1404445841));
        }
    }

    @Test
    void anErrorStatusFailsTheFetchSayingWhere() {
        try (FakeHttpServer apache = FakeHttpServer.start()) {
            FetchRun run = PluginTestKit.fetcher("http").address(apache.address()).arguments(Integer.toString(apache.port())).run();

            assertThat(run.succeeded()).isFalse();
            assertThat(run.failureMessage()).hasValue("/server-status?auto answered HTTP 404 at 127.0.0.1:" + apache.port());
            assertThat(run.lines()).singleElement().asString().contains("http%3A" + apache.port() + ".warn.command\t/server-status?auto answered HTTP 404");
        }
    }

    @Test
    void aServerThatNeverAnswersCostsOnlyTheDeadline() {
        try (FakeHttpServer apache = FakeHttpServer.start()) {
            apache.hang("/server-status?auto");
            FetchRun run = PluginTestKit.fetcher("http").address(apache.address()).arguments(Integer.toString(apache.port()))
                    .deadline(Duration.ofMillis(300)).run();

            assertThat(run.timedOut()).as("the fetcher gave up by itself").isFalse();
            assertThat(run.failureMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("no answer within 0.3 s from 127.0.0.1:"));
        }
    }

    @Test
    void aClosedPortIsReportedAsConnectionRefused() {
        int port;
        try (FakeHttpServer gone = FakeHttpServer.start()) {
            port = gone.port();
        }
        FetchRun run = PluginTestKit.fetcher("http").address("127.0.0.1").arguments(Integer.toString(port)).run();

        assertThat(run.failureMessage()).hasValue("connection refused at 127.0.0.1:" + port);
    }
}
