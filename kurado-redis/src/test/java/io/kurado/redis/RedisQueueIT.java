package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.QueueException;
import io.kurado.api.queue.Topic;
import io.kurado.core.contract.QueueContract;
import io.kurado.core.testkit.Prerequisites;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

/** The queue contract against a real redis-server, plus wire compatibility and loss-freedom. */
@ExtendWith(NoLettuceClientLeft.class)
class RedisQueueIT extends QueueContract {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.redis();
    }

    @Override
    protected Queue newQueue() {
        return new RedisQueue(RedisSupport.shared(), "it");
    }

    /** @return a client of its own for raw commands; closing it shuts its resources down */
    private static RedisClient rawClient() {
        return RedisClient.create(RedisSupport.shared());
    }

    @Test
    void aBatchPushedWithRawRpushInTheOriginalFormatArrivesIntact() throws Exception {
        // what the Perl kurado_agent sends: lines joined by newlines, one RPUSH per batch
        String batch = String.join("\n",
                "192.168.51.10\tbase.metrics.cpu-user.derive\t1234567\t1409818801",
                "192.168.51.10\tbase.metrics.loadavg-1.gauge\t0.25\t1409818801",
                "192.168.51.10\tbase.meta.uptime\t86400\t1409818801",
                "192.168.51.10\tbase.meta.version\tLinux 3.10.0 \u65e5\u672c\u8a9e\t1409818801");
        try (RedisClient client = rawClient(); var conn = client.connect()) {
            conn.sync().rpush(topic.name(), batch);
        }
        try (QueueConsumer c = queue.consumer(topic, "w1")) {
            List<Delivery> ds = c.poll(10, WAIT);
            assertThat(ds).extracting(Delivery::payload).containsExactly(batch);
            c.ack(ds);
        }
    }

    @Test
    void aBatchThatIsNotUtf8IsAcknowledgedAndLeavesNothingInFlight() throws Exception {
        // a Latin-1 meta value, as an old agent on a host with a Latin-1 locale sends it
        byte[] latin1 = "10.0.0.1\tbase.meta.location\tcaf\u00e9\t1409818801\n".getBytes(StandardCharsets.ISO_8859_1);
        try (RedisClient client = rawClient(); var conn = client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE)) {
            conn.sync().rpush(topic.name().getBytes(StandardCharsets.UTF_8), latin1);
            try (QueueConsumer c = queue.consumer(topic, "w1")) {
                List<Delivery> ds = c.poll(10, WAIT);
                assertThat(ds).hasSize(1);
                c.ack(ds);
            }
            byte[] processing = RedisQueue.processingKey(topic, "w1").getBytes(StandardCharsets.UTF_8);
            assertThat(conn.sync().lrange(processing, 0, -1)).as("left in flight after the ack").isEmpty();
        }
        try (QueueConsumer again = queue.consumer(topic, "w1")) {
            assertThat(again.poll(10, Duration.ofMillis(50))).as("delivered again after a restart").isEmpty();
        }
    }

    @Test
    void messagesTakenAreParkedInTheConsumersProcessingListUntilAcknowledged() throws Exception {
        queue.push(topic, List.of("a", "b"));
        try (RedisClient client = rawClient(); var conn = client.connect(); QueueConsumer c = queue.consumer(topic, "w1")) {
            List<Delivery> ds = c.poll(2, WAIT);
            assertThat(conn.sync().lrange(RedisQueue.processingKey(topic, "w1"), 0, -1)).containsExactly("a", "b");
            c.ack(ds);
            assertThat(conn.sync().exists(RedisQueue.processingKey(topic, "w1"))).isZero();
        }
    }

    @Test
    void killingAConsumerProcessMidBatchLosesNothing() throws Exception {
        List<String> batches = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batches.add("10.0.0." + i + "\tbase.metrics.cpu-user.derive\t" + i + "\t1409818801");
        }
        queue.push(topic, batches);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, ConsumerProcess.class.getName(), RedisSupport.shared().toString(), topic.name(), "w1", "20")
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = r.readLine();
            } while (line != null && !line.startsWith("TOOK "));
            assertThat(line).as("the child took a batch").isEqualTo("TOOK 20");
        }
        child.destroyForcibly(); // killed before it acknowledged
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.depth(topic)).isEqualTo(30);

        List<String> got = new ArrayList<>();
        try (QueueConsumer c = queue.consumer(topic, "w1")) {
            List<Delivery> ds;
            while (!(ds = c.poll(100, Duration.ofMillis(200))).isEmpty()) {
                ds.forEach(d -> got.add(d.payload()));
                c.ack(ds);
            }
        }
        assertThat(got).containsExactlyElementsOf(batches);
    }

    @Test
    void whatAnEarlierVersionLeftUnderTheOldProcessingListNameGoesBackFirst() throws Exception {
        String old = topic.name() + ":processing:w1";
        assertThat(RedisQueue.processingKey(topic, "w1")).isEqualTo("{" + topic.name() + "}:processing:w1");
        try (RedisClient client = rawClient(); var conn = client.connect()) {
            conn.sync().rpush(old, "old-1", "old-2"); // taken by a server of an earlier version that died
            conn.sync().rpush(RedisQueue.processingKey(topic, "w1"), "new-1");
            queue.push(topic, List.of("waiting"));
            try (QueueConsumer c = queue.consumer(topic, "w1")) {
                List<Delivery> ds = c.poll(10, WAIT);
                assertThat(ds).extracting(Delivery::payload).containsExactly("old-1", "old-2", "new-1", "waiting");
                c.ack(ds);
            }
            assertThat(conn.sync().exists(old, RedisQueue.processingKey(topic, "w1"))).isZero();
        }
    }

    @Test
    void passwordNeverShowsInToString() {
        RedisURI shared = RedisSupport.shared();
        RedisURI withPassword = RedisSetting.parse("redis://:s3cret@" + shared.getHost() + ":" + shared.getPort() + "/2");
        assertThat(withPassword.toString()).doesNotContain("s3cret");
        try (RedisQueue q = new RedisQueue(withPassword, "it")) {
            assertThat(q.toString()).doesNotContain("s3cret");
        } catch (QueueException refused) {
            assertThat(refused.getMessage()).doesNotContain("s3cret");
        }
        assertThat(queue.toString()).doesNotContain("s3cret")
                .isEqualTo("RedisQueue[redis://" + shared.getHost() + ":" + shared.getPort() + "]");
    }

    @Test
    void anUnreachableRedisIsAClearError() throws Exception {
        int port = RedisSupport.freePort();
        assertThatThrownBy(() -> new RedisQueue(RedisSetting.parse("127.0.0.1:" + port), "it"))
                .isInstanceOf(QueueException.class)
                .hasMessageContaining("cannot connect to redis://127.0.0.1:" + port);
    }

    /** A consumer in its own JVM: takes a batch, says so, then hangs until killed. */
    public static final class ConsumerProcess {
        public static void main(String[] args) throws Exception {
            RedisQueue q = new RedisQueue(RedisSetting.parse(args[0]), "child");
            QueueConsumer c = q.consumer(new io.kurado.api.queue.Topic(args[1]), args[2]);
            List<Delivery> ds = c.poll(Integer.parseInt(args[3]), Duration.ofSeconds(5));
            System.out.println("TOOK " + ds.size());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE); // mid-batch: never acknowledges
        }
    }

    @Test
    void aConsumerThatCannotPutLeftoversBackFailsInWordsAndLeavesNoConnectionOpen() {
        Topic t = new Topic("it-leftovers-" + java.util.UUID.randomUUID());
        String name = "broken";
        try (io.lettuce.core.RedisClient admin = io.lettuce.core.RedisClient.create(RedisSupport.shared());
                var conn = admin.connect();
                RedisQueue q = new RedisQueue(RedisSupport.shared(), "it")) {
            conn.sync().set(RedisQueue.processingKey(t, name), "not a list");
            long before = conn.sync().clientList().lines().count();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> q.consumer(t, name))
                    .isInstanceOf(io.kurado.api.queue.QueueException.class)
                    .hasMessageContaining("cannot put back what an earlier consumer 'broken' left in " + RedisQueue.processingKey(t, name))
                    .hasMessageContaining("WRONGTYPE");
            assertThat(conn.sync().clientList().lines().count()).as("connections open").isEqualTo(before);
            conn.sync().del(RedisQueue.processingKey(t, name));
        }
    }
}
