package io.kurado.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.Topic;
import io.kurado.core.memory.InMemoryQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShardRouterTest {
    private final InMemoryQueue queue = new InMemoryQueue();

    @AfterEach
    void close() {
        queue.close();
    }

    private List<String> drain(Topic topic) throws InterruptedException {
        List<String> out = new ArrayList<>();
        try (QueueConsumer c = queue.consumer(topic, "t")) {
            List<Delivery> d;
            while (!(d = c.poll(1000, Duration.ofMillis(1))).isEmpty()) {
                d.forEach(x -> out.add(x.payload()));
                c.ack(d);
            }
        }
        return out;
    }

    private static String line(String address, long ts) {
        return address + "\tbase.metrics.loadavg-1.gauge\t0.5\t" + ts;
    }

    @Test
    void eachLineGoesToTheQueueOfItsHostsShardInOrder() throws Exception {
        ShardRouter router = new ShardRouter(queue, 8, 1, 1000, 1 << 20);
        List<String> batches = new ArrayList<>();
        for (int minute = 0; minute < 3; minute++) {
            List<String> lines = new ArrayList<>();
            for (int h = 0; h < 20; h++) {
                lines.add(line("10.0.0." + h, 1000 + minute * 60L));
            }
            batches.add(String.join("\n", lines) + "\n");
        }
        assertThat(router.route(batches)).isEqualTo(60);
        int total = 0;
        for (int shard = 0; shard < 8; shard++) {
            List<String> got = drain(ShardRouter.topic(shard, 0));
            for (String batch : got) {
                for (String l : batch.split("\n")) {
                    assertThat(Shards.shardOf(l.substring(0, l.indexOf('\t')), 8)).isEqualTo(shard);
                    total++;
                }
            }
            // one host's lines stay in the order of their batches
            for (int h = 0; h < 20; h++) {
                String a = "10.0.0." + h + "\t";
                List<String> mine = got.stream().flatMap(b -> List.of(b.split("\n")).stream()).filter(l -> l.startsWith(a)).toList();
                if (!mine.isEmpty()) {
                    assertThat(mine).containsExactly(line("10.0.0." + h, 1000), line("10.0.0." + h, 1060), line("10.0.0." + h, 1120));
                }
            }
        }
        assertThat(total).isEqualTo(60);
        assertThat(drain(Topic.UPDATE)).isEmpty();
    }

    @Test
    void withTwoReplicasEveryLineIsQueuedForBothCopies() throws Exception {
        ShardRouter router = new ShardRouter(queue, 4, 2, 1000, 1 << 20);
        router.route(List.of(line("192.168.1.7", 60)));
        int shard = Shards.shardOf("192.168.1.7", 4);
        assertThat(drain(ShardRouter.topic(shard, 0))).containsExactly(line("192.168.1.7", 60));
        assertThat(drain(ShardRouter.topic(shard, 1))).containsExactly(line("192.168.1.7", 60));
    }

    @Test
    void aFullShardQueueDropsItsOldestBatchesAndCountsThem() throws Exception {
        ShardRouter router = new ShardRouter(queue, 1, 1, 3, 1 << 20);
        for (int i = 0; i < 5; i++) {
            router.route(List.of(line("10.0.0.1", 60L * i)));
        }
        assertThat(router.dropped()).isEqualTo(2);
        assertThat(router.droppedByShard()).containsEntry(0, 2L);
        assertThat(drain(ShardRouter.topic(0, 0))).containsExactly(line("10.0.0.1", 120), line("10.0.0.1", 180), line("10.0.0.1", 240));
    }

    @Test
    void fetchResultsPushedThroughTheRoutingQueueGoStraightToTheShardQueues() throws Exception {
        ShardRouter router = new ShardRouter(queue, 2, 1, 1000, 1 << 20);
        router.routingQueue().push(Topic.UPDATE, List.of(line("10.1.1.1", 60)));
        router.routingQueue().push(Topic.FETCH, List.of("10.1.1.1\thttp:80"));
        assertThat(queue.depth(Topic.UPDATE)).isZero();
        assertThat(queue.depth(Topic.FETCH)).isEqualTo(1);
        assertThat(drain(ShardRouter.topic(Shards.shardOf("10.1.1.1", 2), 0))).containsExactly(line("10.1.1.1", 60));
    }

    @Test
    void aBatchOverTheSizeLimitGoesWholeToOneShardForTheUpdaterToRefuse() throws Exception {
        ShardRouter router = new ShardRouter(queue, 16, 1, 1000, 1024);
        StringBuilder big = new StringBuilder();
        for (int h = 0; h < 40; h++) {
            big.append(line("10.2.0." + h, 60)).append('\n');
        }
        router.route(List.of(big.toString()));
        assertThat(drain(ShardRouter.topic(Shards.shardOf("10.2.0.0", 16), 0))).containsExactly(big.toString());
    }

    @Test
    void shardQueuesShareAHashTagWithTheirProcessingLists() {
        assertThat(ShardRouter.topic(7, 0).name()).isEqualTo("kurado-shard:{s7}:1");
        assertThat(ShardRouter.topic(7, 1).name()).isEqualTo("kurado-shard:{s7}:2");
    }
}
