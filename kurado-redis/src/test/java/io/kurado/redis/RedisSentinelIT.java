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
import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.testkit.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
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
                SentinelProcess sentinel = new SentinelProcess(dir, master.port()).start()) {
            String setting = "redis-sentinel://127.0.0.1:" + sentinel.port + "#mymaster";
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

    /** A Sentinel on a free port, monitoring one master as {@code mymaster}. */
    private static final class SentinelProcess implements AutoCloseable {
        private final Path dir;
        private final int masterPort;
        private final int port;
        private Process process;

        SentinelProcess(Path dir, int masterPort) throws IOException {
            this.dir = dir;
            this.masterPort = masterPort;
            this.port = RedisSupport.freePort();
        }

        SentinelProcess start() throws IOException, InterruptedException {
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "logfile " + dir.resolve("sentinel.log"),
                    "sentinel monitor mymaster 127.0.0.1 " + masterPort + " 1",
                    "sentinel down-after-milliseconds mymaster 5000",
                    ""));
            process = new ProcessBuilder("redis-server", conf.toString(), "--sentinel").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sentinel.out").toFile()).start();
            Await.until("the Sentinel names the master", () -> process.isAlive() && answers());
            return this;
        }

        private boolean answers() {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("SENTINEL get-master-addr-by-name mymaster\r\n".getBytes());
                byte[] buf = new byte[256];
                int n = s.getInputStream().read(buf);
                return n > 0 && new String(buf, 0, n).contains(Integer.toString(masterPort));
            } catch (IOException notYet) {
                return false;
            }
        }

        @Override
        public void close() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
