package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.ProviderConfig;
import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.Topic;
import io.kurado.core.contract.QueueContract;
import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.RedisClusterProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue contract on a real three-master Redis Cluster, reached through two of its nodes as
 * seeds, and what a Perl agent does there: {@code RPUSH kurado-update} to the master that owns the
 * slot of {@code kurado-update}.
 */
@ExtendWith(NoLettuceClientLeft.class)
class RedisClusterQueueIT extends QueueContract {
    @TempDir
    java.nio.file.Path dir;

    static RedisClusterProcess cluster() {
        return RedisClusterProcess.suite();
    }

    @Override
    protected Queue newQueue() {
        return new RedisQueue(RedisSetting.address(cluster().setting(2)), "cluster-it");
    }

    @Test
    void everyProcessingListSharesTheSlotOfItsTopicsList() throws Exception {
        RedisClusterProcess c = cluster();
        int update = c.keySlot("kurado-update");
        assertThat(c.keySlot(RedisQueue.processingKey(Topic.UPDATE, "server-a-update-1"))).isEqualTo(update);
        assertThat(RedisQueue.processingKey(Topic.UPDATE, "server-a-update-1")).isEqualTo("{kurado-update}:processing:server-a-update-1");
        assertThat(c.keySlot(RedisQueue.processingKey(Topic.FETCH, "w"))).isEqualTo(c.keySlot("kurado-fetch"));
        Topic tagged = new Topic("kurado:{s01}:update");
        assertThat(c.keySlot(RedisQueue.processingKey(tagged, "n1"))).isEqualTo(c.keySlot(tagged.name()));
        // the name of the versions before: another slot, which BLMOVE refuses with CROSSSLOT
        assertThat(c.keySlot("kurado-update:processing:server-a-update-1")).isNotEqualTo(update);
    }

    @Test
    void aBatchThatAPerlAgentPushesToTheSlotsMasterIsConsumedFromTheCluster() throws Exception {
        String batch = "192.168.51.10\tbase.metrics.cpu-user.derive\t1234567\t1409818801\n"
                + "192.168.51.10\tbase.meta.uptime\t86400\t1409818801\n";
        RedisClusterProcess c = cluster();
        int master = c.masterOf(Topic.UPDATE.name());
        // the Perl agent's client: one RESP command on a plain socket, no redirects followed
        assertThat(rawRpush(master, Topic.UPDATE.name(), batch)).startsWith(":");
        for (int port : c.ports()) {
            if (port != master) {
                assertThat(rawRpush(port, Topic.UPDATE.name(), batch)).as("pushed to a node without the slot")
                        .startsWith("-MOVED " + c.keySlot(Topic.UPDATE.name()) + " 127.0.0.1:" + master);
            }
        }
        ProviderConfig config = new ProviderConfig(Map.of("redis", c.setting(2), "node", "cluster-it"), dir,
                InstantSource.system());
        try (Queue q = new RedisProviders.QueueFactory().create(config);
                QueueConsumer consumer = q.consumer(Topic.UPDATE, "cluster-it-update-1")) {
            List<String> got = new ArrayList<>();
            List<Delivery> ds;
            while (!(ds = consumer.poll(100, java.time.Duration.ofMillis(200))).isEmpty()) {
                ds.forEach(d -> got.add(d.payload()));
                consumer.ack(ds);
            }
            assertThat(got).containsExactly(batch);
            assertThat(q.depth(Topic.UPDATE)).isZero();
        }
    }

    @Test
    void whenTheSlotOfKuradoUpdateMovesToAnotherMasterProducersAndConsumersFollowIt() throws Exception {
        try (RedisClusterProcess own = RedisClusterProcess.start(java.nio.file.Files.createDirectories(dir.resolve("cluster")));
                RedisQueue q = new RedisQueue(RedisSetting.address(own.setting(1)), "cluster-it");
                QueueConsumer consumer = q.consumer(Topic.UPDATE, "mover-update-1")) {
            q.push(Topic.UPDATE, List.of("before"));
            List<Delivery> first = consumer.poll(10, WAIT);
            assertThat(first).extracting(Delivery::payload).containsExactly("before");
            q.push(Topic.UPDATE, List.of("waiting"));

            int slot = own.keySlot(Topic.UPDATE.name());
            int from = own.masterOf(Topic.UPDATE.name());
            int to = own.ports().stream().filter(p -> p != from).findFirst().orElseThrow();
            own.moveSlot(slot, to); // with the list and the consumer's processing list, which share the slot
            assertThat(own.masterOf(Topic.UPDATE.name())).isEqualTo(to);

            consumer.ack(first);
            q.push(Topic.UPDATE, List.of("after"));
            assertThat(rawRpush(to, Topic.UPDATE.name(), "perl")).as("a Perl agent pointed at the new master").startsWith(":");
            assertThat(rawRpush(from, Topic.UPDATE.name(), "perl")).startsWith("-MOVED " + slot);
            List<String> got = new ArrayList<>();
            Await.until("the three batches are taken from the new master", () -> {
                try {
                    List<Delivery> ds = consumer.poll(10, java.time.Duration.ofMillis(200));
                    ds.forEach(d -> got.add(d.payload()));
                    consumer.ack(ds);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return got.size() >= 3;
            });
            assertThat(got).containsExactly("waiting", "after", "perl");
            assertThat(own.cli(to, "LLEN", RedisQueue.processingKey(Topic.UPDATE, "mover-update-1")).strip())
                    .as("nothing left in flight on the new master").isEqualTo("0");
        }
    }

    /** Sends {@code RPUSH key value} as the Perl agent's client does, and returns the first line of the reply. */
    private static String rawRpush(int port, String key, String value) throws IOException {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("*3\r\n$5\r\nRPUSH\r\n$" + k.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(k);
            out.write(("\r\n$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(v);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\r') {
                line.append((char) b);
            }
            return line.toString();
        }
    }
}
