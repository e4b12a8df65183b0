package io.kurado.plugins.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FakeTcpServer;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import org.junit.jupiter.api.Test;

class MemcachedPluginTest {
    @Test
    void aVersionBefore14IsNotAskedForItsSettingsAndMissingStatsGiveNoSample() {
        try (FakeTcpServer old = FakeTcpServer.start().reply("stats\r\n",
                "STAT pid 1021\r\nSTAT uptime 86420\r\nSTAT version 1.2.8\r\nSTAT curr_items 10\r\nSTAT bytes 2048\r\n"
                        + "STAT curr_connections 4\r\nSTAT cmd_get 120\r\nSTAT cmd_set 12\r\nSTAT get_hits 100\r\nSTAT get_misses 20\r\n"
                        + "STAT evictions 0\r\nSTAT limit_maxbytes 67108864\r\nEND\r\n")) {
            FetchRun run = PluginTestKit.fetcher("memcached").address(old.address()).arguments(Integer.toString(old.port())).run()
                    .assertSucceeded();

            assertThat(old.received()).containsExactly("stats\r\n");
            assertThat(run.keys()).doesNotContain("maxconns.gauge", "evicted_unfetched.derive").contains("evictions.derive");
            assertThat(run.meta()).containsEntry("version", "1.2.8").containsEntry("uptime", "86420").doesNotContainKey("maxconns");
        }
    }

    @Test
    void theViewShowsTheFetchersDefaultPort() {
        assertThat(PluginTestKit.viewer("memcached").run().groups().get(0).title()).isEqualTo("Memcached (11211)");
    }

    @Test
    void aServerThatNeverAnswersCostsOnlyTheDeadline() {
        try (FakeTcpServer silent = FakeTcpServer.hanging()) {
            FetchRun run = PluginTestKit.fetcher("memcached").address(silent.address()).arguments(Integer.toString(silent.port()))
                    .deadline(java.time.Duration.ofMillis(300)).run();

            assertThat(run.timedOut()).isFalse();
            assertThat(run.failureMessage()).hasValue("no answer in time at 127.0.0.1:" + silent.port());
        }
    }
}
