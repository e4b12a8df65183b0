package io.kurado.plugins.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.core.testkit.RedisServerProcess;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisPluginIT {
    @TempDir
    Path dir;

    @Test
    void readsInfoSlowlogAndConfigOfARealRedis() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess(dir).start()) {
            try (Socket s = new Socket("127.0.0.1", redis.port())) {
                OutputStream out = s.getOutputStream();
                out.write("SET a 1\r\nSET b 2\r\nSELECT 3\r\nSET c 3\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.getInputStream().readNBytes("+OK\r\n+OK\r\n+OK\r\n+OK\r\n".length());
            }
            FetchRun run = PluginTestKit.fetcher("redis").address("127.0.0.1").arguments(Integer.toString(redis.port())).run()
                    .assertSucceeded();

            assertThat(run.value("keys.gauge")).as("summed over db0 and db3").isEqualTo(3);
            assertThat(run.value("connected_clients.gauge")).isGreaterThanOrEqualTo(1);
            assertThat(run.value("total_commands_processed.derive")).isGreaterThanOrEqualTo(4);
            assertThat(run.keys()).contains("used_memory.gauge", "mem_fragmentation_ratio.gauge", "evicted_keys.derive",
                    "pubsub_channels.gauge", "changes_since_last_save.gauge", "slowlog.gauge", "total_connections_received.derive");
            assertThat(run.meta()).containsKeys("version", "role", "maxmemory", "maxclients", "appendonly")
                    .containsEntry("appendonly", "yes")
                    .as("an empty setting (this server saves no snapshots) is no badge").doesNotContainKey("save");
            assertThat(PluginTestKit.viewer("redis").arguments(Integer.toString(redis.port())).meta(run.meta()).run()
                    .groups().get(0).title()).isEqualTo("Redis(" + redis.port() + ")");
            PluginTestKit.check("redis").afterFetch(run).run().assertPassed();
        }
    }
}
