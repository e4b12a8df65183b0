package io.kurado.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardsTest {
    @Test
    void theShardOfAnAddressIsFixedByItsBytes() {
        // CRC-32 of "192.168.0.1" is 0x89879968, which is 40 modulo 64
        assertThat(Shards.shardOf("192.168.0.1", 64)).isEqualTo(40);
        assertThat(Shards.shardOf("192.168.0.1", 64)).isEqualTo(Shards.shardOf("192.168.0.1", 64));
    }

    @Test
    void addressesSpreadOverEveryShard() {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 6400; i++) {
            counts.merge(Shards.shardOf("10.0." + (i / 256) + "." + (i % 256), 64), 1, Integer::sum);
        }
        assertThat(counts).hasSize(64);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(50, 150));
    }

    @Test
    void aMapNeedsAShard() {
        assertThatThrownBy(() -> Shards.shardOf("h", 0)).hasMessageContaining("at least one shard");
    }
}
