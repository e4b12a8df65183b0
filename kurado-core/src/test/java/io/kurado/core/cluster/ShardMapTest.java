package io.kurado.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.core.memory.InMemoryMetaStore;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ShardMapTest {
    private static Map<String, Integer> loads(ShardMap m) {
        Map<String, Integer> out = new HashMap<>();
        for (ShardSlot s : m.slots()) {
            s.owner().ifPresent(o -> out.merge(o, 1, Integer::sum));
        }
        return out;
    }

    @Test
    void threeNodesStartingTogetherShareSixtyFourShardsEvenly() {
        ShardMap m = ShardMap.empty(64, 1).withUnownedShared(List.of("c", "a", "b"));
        assertThat(m.epoch()).isEqualTo(2);
        assertThat(m.unowned()).isEmpty();
        assertThat(loads(m)).containsOnlyKeys("a", "b", "c");
        assertThat(loads(m).values()).allSatisfy(n -> assertThat(n).isBetween(21, 22));
        // whichever node writes it, the map is the same
        assertThat(ShardMap.empty(64, 1).withUnownedShared(List.of("b", "c", "a"))).isEqualTo(m);
    }

    @Test
    void withTwoReplicasNoNodeHoldsBothCopiesOfAShard() {
        ShardMap m = ShardMap.empty(64, 2).withUnownedShared(List.of("a", "b", "c"));
        assertThat(m.unowned()).isEmpty();
        for (int shard = 0; shard < 64; shard++) {
            assertThat(m.slot(shard, 0).owner()).isNotEqualTo(m.slot(shard, 1).owner());
        }
        assertThat(loads(m).values()).allSatisfy(n -> assertThat(n).isBetween(42, 43));
    }

    @Test
    void aSingleNodeTakesOneCopyOfEachShardAndTheSecondNodeTheOthers() {
        ShardMap one = ShardMap.empty(8, 2).withUnownedShared(List.of("a"));
        assertThat(one.slotsOf("a")).hasSize(8);
        assertThat(one.unowned()).hasSize(8);
        ShardMap two = one.withUnownedShared(List.of("a", "b"));
        assertThat(two.slotsOf("b")).hasSize(8);
        assertThat(two.slotsOf("a")).isEqualTo(one.slotsOf("a"));
    }

    @Test
    void sharingChangesNoOwnedCopy() {
        ShardMap m = ShardMap.empty(16, 1).withUnownedShared(List.of("a"));
        assertThat(m.withUnownedShared(List.of("a", "b", "c"))).isSameAs(m);
    }

    @Test
    void rebalanceMovesTheFewestCopiesToANewNode() {
        ShardMap m = ShardMap.empty(64, 1).withUnownedShared(List.of("a", "b", "c"));
        ShardMap plan = m.rebalanced(List.of("a", "b", "c", "d"));
        assertThat(loads(plan).values()).allSatisfy(n -> assertThat(n).isEqualTo(16));
        List<ShardSlot> moved = m.changesTo(plan);
        assertThat(moved).hasSize(16).allSatisfy(s -> {
            assertThat(s.owner()).contains("d");
            assertThat(s.from()).isPresent();
            assertThat(s.released()).isFalse();
        });
        assertThat(plan.epoch()).isEqualTo(m.epoch() + 1);
        // balanced already: nothing to do
        ShardMap settled = new ShardMap(plan.count(), plan.replicas(), plan.epoch(),
                plan.slots().stream().map(ShardSlot::settled).toList());
        assertThat(settled.rebalanced(List.of("a", "b", "c", "d"))).isSameAs(settled);
    }

    @Test
    void rebalanceLeavesTheShardsOfADownNodeWhereTheyAre() {
        ShardMap m = ShardMap.empty(30, 1).withUnownedShared(List.of("a", "b", "c"));
        ShardMap plan = m.rebalanced(List.of("a", "b")); // c is down
        assertThat(plan.slotsOf("c")).isEqualTo(m.slotsOf("c"));
        assertThat(m.changesTo(plan)).isEmpty();
    }

    @Test
    void rebalanceKeepsTheTwoCopiesOfAShardApart() {
        ShardMap m = ShardMap.empty(32, 2).withUnownedShared(List.of("a", "b"));
        ShardMap plan = m.rebalanced(List.of("a", "b", "c"));
        assertThat(loads(plan).values()).allSatisfy(n -> assertThat(n).isBetween(21, 22));
        for (int shard = 0; shard < 32; shard++) {
            assertThat(plan.slot(shard, 0).owner()).isNotEqualTo(plan.slot(shard, 1).owner());
        }
        assertThat(m.changesTo(plan)).hasSize(21);
    }

    @Test
    void aMapReadsBackAsWritten() {
        ShardMap m = ShardMap.empty(4, 2).withUnownedShared(List.of("a", "b"));
        m = m.withSlot(m.slot(1, 0).movingTo("c", m.slot(1, 0).owner().orElseThrow(), false));
        m = m.withSlot(m.slot(2, 1).movingTo("c", "a", true));
        assertThat(ShardMap.parse(m.toJson())).isEqualTo(m);
    }

    @Test
    void aShardOutOfRangeIsRefusedInWords() {
        ShardMap m = ShardMap.empty(64, 1);
        assertThatThrownBy(() -> m.slot(64, 0)).hasMessage("there is no shard 64: shards are numbered 0 to 63");
        assertThatThrownBy(() -> m.slot(3, 1)).hasMessage("shard 3 has 1 copy");
    }

    @Test
    void aChangeIsWrittenOnlyOverTheEpochItWasPlannedFrom() {
        ShardMapStore store = new ShardMapStore(new InMemoryMetaStore(InstantSource.system(), ZoneId.of("UTC")));
        ShardMap first = store.readOrCreate(8, 1);
        assertThat(store.readOrCreate(16, 2)).as("an existing map keeps its count").isEqualTo(first);
        ShardMap plan = first.withUnownedShared(List.of("a"));
        assertThat(store.replace(first.epoch(), plan)).isTrue();
        assertThat(store.replace(first.epoch(), first.withUnownedShared(List.of("b")))).as("planned from a stale epoch").isFalse();
        assertThat(store.read()).contains(plan);
        assertThat(store.read().orElseThrow().slotsOf("b")).isEmpty();
    }

    @Test
    void concurrentChangesAreAllApplied() throws Exception {
        ShardMapStore store = new ShardMapStore(new InMemoryMetaStore(InstantSource.system(), ZoneId.of("UTC")));
        store.readOrCreate(16, 1);
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<ShardMap>> fs = new java.util.ArrayList<>();
            for (int shard = 0; shard < 16; shard++) {
                int s = shard;
                fs.add(ex.submit(() -> store.update(m -> m.withSlot(m.slot(s, 0).ownedAs("n" + (s % 3))))));
            }
            for (Future<ShardMap> f : fs) {
                f.get();
            }
        } finally {
            ex.shutdown();
        }
        ShardMap m = store.read().orElseThrow();
        assertThat(m.unowned()).isEmpty();
        assertThat(m.epoch()).isEqualTo(17);
        assertThat(m.slot(5, 0).owner()).isEqualTo(Optional.of("n2"));
    }
}
