package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Meta;
import io.kurado.api.PluginRef;
import io.kurado.api.ProviderConfig;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaWrite;
import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.Topic;
import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.testkit.RedisSentinelProcess;
import io.kurado.core.testkit.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code redis-sentinel://…#master} setting: the queue and the meta store ask the Sentinel where
 * the master is and work on it. Runs a private redis-server and a Sentinel (redis-server
 * {@code --sentinel}) watching it.
 */
@ExtendWith(NoLettuceClientLeft.class)
class RedisSentinelIT {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.program("redis-server");
    }

    @TempDir
    Path dir;

    @Test
    void theQueueAndTheMetaStoreWorkThroughASentinel() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.ephemeral(dir).start();
                RedisSentinelProcess sentinel = new RedisSentinelProcess(dir, master.port()).start()) {
            String setting = sentinel.setting();
            ProviderConfig config = new ProviderConfig(Map.of("redis", setting, "node", "sentinel-it"), dir, InstantSource.system());
            Topic topic = new Topic("sentinel-it");
            try (Queue queue = new RedisProviders.QueueFactory().create(config);
                    MetaStore meta = new RedisProviders.MetaStoreFactory().create(config)) {
                queue.push(topic, List.of("10.0.0.1\tbase.cpu.user.derive\t1\t1700000000"));
                try (QueueConsumer c = queue.consumer(topic, "c1")) {
                    List<Delivery> got = c.poll(10, Duration.ofSeconds(2));
                    assertThat(got).extracting(Delivery::payload).containsExactly("10.0.0.1\tbase.cpu.user.derive\t1\t1700000000");
                    c.ack(got);
                }
                PluginRef base = PluginRef.of("base");
                long now = System.currentTimeMillis() / 1000;
                meta.write(new MetaWrite(List.of(new Meta("10.0.0.1", base, "uptime", "3 days", now)), List.of(), List.of(), now));
                assertThat(meta.read("10.0.0.1", base).meta()).containsEntry("uptime", "3 days");
            }
            // what went through the Sentinel landed on the master
            try (RedisClient direct = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + master.port()));
                    var conn = direct.connect()) {
                assertThat(conn.sync().exists("storage/10.0.0.1/base")).isEqualTo(1L);
            }
        }
    }
}
