package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.Topic;
import io.kurado.core.cluster.ShardMap;
import io.kurado.core.cluster.ShardMapStore;
import io.kurado.core.cluster.ShardRouter;
import io.kurado.core.cluster.Shards;
import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.RedisClusterProcess;
import io.kurado.core.testkit.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis parts of several servers on a real {@code redis-server} of the test's own and on a real
 * three-master Redis Cluster: bounded shard queues, the compare-and-set of the shard map, and the
 * router that one node at a time runs.
 */
@ExtendWith(NoLettuceClientLeft.class)
class ShardQueuesRedisIT {
    @TempDir
    Path dir;

    private static List<String> drain(RedisQueue q, Topic topic, String consumer) throws InterruptedException {
        List<String> out = new ArrayList<>();
        try (QueueConsumer c = q.consumer(topic, consumer)) {
            List<Delivery> d;
            while (!(d = c.poll(1000, Duration.ofMillis(20))).isEmpty()) {
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
    void aBoundedPushKeepsTheNewestAndSaysHowManyItDroppedOnOneServerAndOnACluster() throws Exception {
        try (RedisServerProcess one = RedisServerProcess.ephemeral(dir).start();
                RedisQueue single = new RedisQueue(RedisSetting.address(one.address()), "it");
                RedisQueue cluster = new RedisQueue(RedisSetting.address(RedisClusterProcess.suite().setting(2)), "it")) {
            for (RedisQueue q : List.of(single, cluster)) {
                Topic t = ShardRouter.topic(Math.floorMod(UUID.randomUUID().hashCode(), 1000) + 5000, 0);
                assertThat(q.pushBounded(t, List.of("a", "b", "c"), 4)).isZero();
                assertThat(q.pushBounded(t, List.of("d", "e", "f"), 4)).isEqualTo(2);
                assertThat(q.depth(t)).isEqualTo(4);
                assertThat(drain(q, t, "owner")).containsExactly("c", "d", "e", "f");
            }
        }
    }

    @Test
    void boundedPushesToSeveralShardsGoInOneCallAndSayWhatEachDroppedOnOneServerAndOnACluster() throws Exception {
        try (RedisServerProcess one = RedisServerProcess.ephemeral(dir).start();
                RedisQueue single = new RedisQueue(RedisSetting.address(one.address()), "it");
                RedisQueue cluster = new RedisQueue(RedisSetting.address(RedisClusterProcess.suite().setting(2)), "it")) {
            for (RedisQueue q : List.of(single, cluster)) {
                int base = Math.floorMod(UUID.randomUUID().hashCode(), 1000) + 6000;
                Topic a = ShardRouter.topic(base, 0);
                Topic b = ShardRouter.topic(base + 1, 0);
                Topic c = ShardRouter.topic(base + 2, 1);
                java.util.Map<Topic, List<String>> first = new java.util.LinkedHashMap<>();
                first.put(a, List.of("a1", "a2"));
                first.put(b, List.of("b1"));
                first.put(c, List.of("c1", "c2", "c3", "c4", "c5"));
                assertThat(q.pushBounded(first, 3)).containsExactly(java.util.Map.entry(c, 2L));
                assertThat(q.pushBounded(java.util.Map.of(a, List.of("a3", "a4"), b, List.of("b2")), 3))
                        .containsExactly(java.util.Map.entry(a, 1L));
                assertThat(drain(q, a, "owner")).containsExactly("a2", "a3", "a4");
                assertThat(drain(q, b, "owner")).containsExactly("b1", "b2");
                assertThat(drain(q, c, "owner")).containsExactly("c3", "c4", "c5");
            }
        }
    }

    @Test
    void aPollThatDoesNotWaitTakesWhatWaitsIntoTheProcessingListOnOneServerAndOnACluster() throws Exception {
        try (RedisServerProcess one = RedisServerProcess.ephemeral(dir).start();
                RedisQueue single = new RedisQueue(RedisSetting.address(one.address()), "it");
                RedisQueue cluster = new RedisQueue(RedisSetting.address(RedisClusterProcess.suite().setting(2)), "it")) {
            for (RedisQueue q : List.of(single, cluster)) {
                Topic t = ShardRouter.topic(Math.floorMod(UUID.randomUUID().hashCode(), 1000) + 7000, 0);
                try (QueueConsumer c = q.consumer(t, "owner")) {
                    assertThat(c.poll(10, Duration.ZERO)).isEmpty();
                    q.push(t, List.of("x", "y", "z"));
                    List<Delivery> d = c.poll(2, Duration.ZERO);
                    assertThat(d).extracting(Delivery::payload).containsExactly("x", "y");
                    // not acknowledged: the next consumer of the name takes them back, ahead of the rest
                }
                assertThat(drain(q, t, "owner")).containsExactly("x", "y", "z");
            }
        }
    }

    @Test
    void theShardMapChangesOnlyOverTheMapItWasMadeFromOnOneServerAndOnACluster() throws Exception {
        try (RedisServerProcess one = RedisServerProcess.ephemeral(dir).start();
                RedisMetaStore single = new RedisMetaStore(RedisSetting.address(one.address()), InstantSource.system(), ZoneId.of("UTC"));
                RedisMetaStore cluster = new RedisMetaStore(RedisSetting.address(RedisClusterProcess.suite().setting(2)),
                        InstantSource.system(), ZoneId.of("UTC"))) {
            for (RedisMetaStore store : List.of(single, cluster)) {
                String ns = "it-" + UUID.randomUUID();
                assertThat(store.compareAndSetState(ns, "f", Optional.empty(), "1")).isTrue();
                assertThat(store.compareAndSetState(ns, "f", Optional.empty(), "2")).isFalse();
                assertThat(store.compareAndSetState(ns, "f", Optional.of("0"), "2")).isFalse();
                assertThat(store.compareAndSetState(ns, "f", Optional.of("1"), "2")).isTrue();
                assertThat(store.readState(ns)).containsEntry("f", "2");
            }
            ShardMapStore maps = new ShardMapStore(cluster);
            ShardMap m = maps.readOrCreate(64, 2);
            ShardMap shared = maps.update(x -> x.withUnownedShared(List.of("a", "b", "c")));
            assertThat(shared.unowned()).isEmpty();
            assertThat(maps.replace(m.epoch(), m.withUnownedShared(List.of("z")))).as("planned from a stale epoch").isFalse();
            assertThat(maps.read()).contains(shared);
        }
    }

    @Test
    void oneNodeAtATimeRoutesAndTheNextTakesOverWhatItLeft() throws Exception {
        try (RedisServerProcess one = RedisServerProcess.ephemeral(dir).start();
                RedisQueue q1 = new RedisQueue(RedisSetting.address(one.address()), "n1");
                RedisQueue q2 = new RedisQueue(RedisSetting.address(one.address()), "n2");
                RedisCoordination c1 = new RedisCoordination(RedisSetting.address(one.address()), InstantSource.system());
                RedisCoordination c2 = new RedisCoordination(RedisSetting.address(one.address()), InstantSource.system())) {
            ShardRouter r1 = new ShardRouter(q1, 8, 1, 100_000, 1 << 20);
            ShardRouter r2 = new ShardRouter(q2, 8, 1, 100_000, 1 << 20);
            List<String> pushed = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                pushed.add(line("10.3." + (i % 30) + ".1", 60L * (i / 30 + 1)));
            }
            q1.push(Topic.UPDATE, pushed.subList(0, 150));
            r1.start(c1, "n1");
            Await.until("the first router takes the lease", r1::routing);
            r2.start(c2, "n2");
            Await.until("the first half is routed", () -> r1.routedBatches() >= 150);
            assertThat(r2.routing()).isFalse();
            r1.close();
            q1.push(Topic.UPDATE, pushed.subList(150, 300));
            Await.until("the second router takes over", Duration.ofSeconds(30), () -> r2.routedBatches() >= 150);
            r2.close();
            assertThat(q1.depth(Topic.UPDATE)).isZero();
            List<String> got = new ArrayList<>();
            for (int shard = 0; shard < 8; shard++) {
                for (String b : drain(q1, ShardRouter.topic(shard, 0), "owner")) {
                    for (String l : b.split("\n")) {
                        assertThat(Shards.shardOf(l.substring(0, l.indexOf('\t')), 8)).isEqualTo(shard);
                        got.add(l);
                    }
                }
            }
            assertThat(got).containsExactlyInAnyOrderElementsOf(pushed);
        }
    }

    @Test
    void routedBatchesReachTheShardQueuesOfACluster() throws Exception {
        RedisClusterProcess c = RedisClusterProcess.suite();
        try (RedisQueue q = new RedisQueue(RedisSetting.address(c.setting(2)), "n1")) {
            int shards = 4000 + Math.floorMod(UUID.randomUUID().hashCode(), 1000); // shard queues of this run only
            ShardRouter r = new ShardRouter(q, shards, 2, 1000, 1 << 20);
            List<String> batches = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batches.add(line("10.4.0." + i, 60));
            }
            r.route(batches);
            int seen = 0;
            for (int i = 0; i < 50; i++) {
                int shard = Shards.shardOf("10.4.0." + i, shards);
                assertThat(c.keySlot(RedisQueue.processingKey(ShardRouter.topic(shard, 1), "owner")))
                        .isEqualTo(c.keySlot(ShardRouter.topic(shard, 1).name()));
                for (int copy = 0; copy < 2; copy++) {
                    List<String> got = drain(q, ShardRouter.topic(shard, copy), "owner");
                    seen += got.size();
                }
            }
            assertThat(seen).as("each of the 50 lines in both copies' queues").isEqualTo(100);
        }
    }
}
