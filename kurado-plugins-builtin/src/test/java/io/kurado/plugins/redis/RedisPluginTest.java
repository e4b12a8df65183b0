package io.kurado.plugins.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FakeTcpServer;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisPluginTest {
    private static String bulk(String s) {
        return "$" + s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    private static String command(String... words) {
        StringBuilder sb = new StringBuilder("*" + words.length + "\r\n");
        for (String w : words) {
            sb.append(bulk(w));
        }
        return sb.toString();
    }

    @Test
    void aServerWithConfigDisabledAndNoKeysStillGivesItsInfo() {
        String info = "# Server\r\nredis_version:2.4.17\r\nuptime_in_seconds:3601\r\nvm_enabled:0\r\n# Stats\r\nrole:master\r\n"
                + "connected_clients:7\r\nused_memory:1048576\r\nchanges_since_last_save:12\r\nrdb_changes_since_last_save:99\r\n";
        try (FakeTcpServer redis = FakeTcpServer.start()
                .reply(command("AUTH", "s3cret"), "+OK\r\n")
                .reply(command("INFO"), bulk(info))
                .reply(command("SLOWLOG", "LEN"), ":4\r\n")
                .reply(command("CONFIG", "GET", "*"), "-ERR unknown command 'CONFIG'\r\n")) {
            FetchRun run = PluginTestKit.fetcher("redis").address(redis.address()).arguments(Integer.toString(redis.port()))
                    .metricsConfig(Map.of("REDIS", Map.of("password", "s3cret"))).run().assertSucceeded();

            assertThat(run.value("keys.gauge")).as("no database line means no keys").isZero();
            assertThat(run.value("slowlog.gauge")).isEqualTo(4);
            assertThat(run.value("changes_since_last_save.gauge")).as("the old name wins when present").isEqualTo(12);
            assertThat(run.keys()).doesNotContain("evicted_keys.derive", "pubsub_channels.gauge");
            assertThat(run.meta()).containsEntry("version", "2.4.17").containsEntry("uptime", "3601").containsEntry("vm_enabled", "0")
                    .containsEntry("role", "master").doesNotContainKey("maxmemory");
        }
    }

    @Test
    void theViewShowsMaxmemoryWithAUnit() {
        var badges = PluginTestKit.viewer("redis").meta(Map.of("maxmemory", "1073741824", "version", "7.0.15")).run().groups().get(0).meta();

        assertThat(badges).extracting(m -> m.key() + "=" + m.value()).containsExactly("version=7.0.15", "maxmemory=1.00GB");
    }

    @Test
    void theFragmentationRatioIsShownAsARatioWithTwoDecimalsNotAsAPercentage() {
        String graph = PluginTestKit.viewer("redis").run().definition("fragmentation");

        assertThat(graph).doesNotContain("%%]").doesNotContain("[%]").contains("GPRINT:ratio:LAST:Cur\\:%5.2lf");
    }
}
