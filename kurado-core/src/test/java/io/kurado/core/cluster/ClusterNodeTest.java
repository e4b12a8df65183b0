package io.kurado.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.queue.Topic;
import io.kurado.core.config.ClusterSettings;
import io.kurado.core.memory.InMemoryCoordination;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.memory.InMemoryQueue;
import io.kurado.core.testkit.Await;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nodes on the in-memory stores: sharing, placement and the hand-over of a moved shard. */
class ClusterNodeTest {
    private final InstantSource clock = InstantSource.system();
    private final InMemoryMetaStore meta = new InMemoryMetaStore(clock, ZoneId.of("UTC"));
    private final InMemoryCoordination coordination = new InMemoryCoordination(clock);
    private final InMemoryQueue queue = new InMemoryQueue();
    private final ClusterSettings settings = new ClusterSettings(true, Optional.empty(), Optional.empty(), 8, 1, 100, Duration.ZERO);

    @AfterEach
    void close() {
        queue.close();
    }

    private ClusterNode node(String id, ShardCopier copier) {
        return ClusterNode.builder().settings(settings).nodeId(id).advertiseUrl(URI.create("http://" + id + ":5434/")).metaStore(meta)
                .coordination(coordination).queue(queue).clock(clock).copier(copier).build();
    }

    /** A writer that only says it runs. */
    private static AutoCloseable writer(Set<Topic> running, Topic t) {
        running.add(t);
        return () -> running.remove(t);
    }

    @Test
    void aLoneNodeTakesEveryShardAndHoldsEveryHostHere() {
        Set<Topic> running = ConcurrentHashMap.newKeySet();
        try (ClusterNode a = node("a", ShardCopier.UNAVAILABLE).start()) {
            a.startWriting(t -> writer(running, t));
            assertThat(a.map().slotsOf("a")).hasSize(8);
            assertThat(running).hasSize(8).contains(ShardRouter.topic(3, 0));
            Placement p = a.placement().placementOf("10.0.0.1");
            assertThat(p.local()).isTrue();
            assertThat(p.holders()).extracting(Peer::nodeId).containsExactly("a");
            assertThat(p.liveHolders()).extracting(Peer::advertiseUrl).containsExactly(URI.create("http://a:5434/"));
        }
        assertThat(running).as("closing the node stops its writers").isEmpty();
    }

    @Test
    void aMovedShardIsReleasedByItsOwnerCopiedAndOnlyThenWrittenByTheNewOne() throws Exception {
        Set<Topic> onA = ConcurrentHashMap.newKeySet();
        Set<Topic> onB = ConcurrentHashMap.newKeySet();
        List<String> copied = new java.util.concurrent.CopyOnWriteArrayList<>();
        ShardMapStore maps = new ShardMapStore(meta);
        try (ClusterNode a = node("a", ShardCopier.UNAVAILABLE).start()) {
            a.startWriting(t -> writer(onA, t));
            try (ClusterNode b = node("b", (shard, count, from) -> {
                // the source has stopped writing before the copy starts
                assertThat(onA).doesNotContain(ShardRouter.topic(shard, 0));
                assertThat(onB).doesNotContain(ShardRouter.topic(shard, 0));
                copied.add(shard + " from " + from.nodeId() + (from.alive() ? " (alive)" : ""));
                return 3;
            }).start()) {
                b.startWriting(t -> writer(onB, t));
                assertThat(b.map().slotsOf("b")).as("a owns every shard already").isEmpty();
                String host = "10.0.0.1";
                int shard = Shards.shardOf(host, 8);
                maps.update(m -> m.withSlot(m.slot(shard, 0).movingTo("b", "a", false)));
                Await.until("b writes the shard", () -> onB.contains(ShardRouter.topic(shard, 0)));
                assertThat(onA).doesNotContain(ShardRouter.topic(shard, 0)).hasSize(7);
                assertThat(copied).containsExactly(shard + " from a (alive)");
                assertThat(maps.read().orElseThrow().slot(shard, 0)).isEqualTo(ShardSlot.unowned(shard, 0).ownedAs("b"));
                Await.until("a reads the settled map", () -> !a.placement().placementOf(host).local());
                assertThat(a.placement().placementOf(host).holders()).extracting(Peer::nodeId).containsExactly("b");
            }
        }
    }

    @Test
    void whileAShardMovesItsFilesAreReadWhereTheyAre() {
        try (ClusterNode a = node("a", ShardCopier.UNAVAILABLE).start()) {
            int shard = Shards.shardOf("10.0.0.1", 8);
            new ShardMapStore(meta).update(m -> m.withSlot(m.slot(shard, 0).movingTo("z", "a", false)));
            try (ClusterNode b = node("b", ShardCopier.UNAVAILABLE).start()) {
                Placement p = b.placement().placementOf("10.0.0.1");
                assertThat(p.holders()).extracting(Peer::nodeId).containsExactly("a");
                assertThat(p.local()).isFalse();
            }
        }
    }
}
