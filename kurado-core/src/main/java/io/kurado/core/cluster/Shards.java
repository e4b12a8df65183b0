package io.kurado.core.cluster;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which shard a host belongs to: a stable hash of its address (CRC-32 of its UTF-8 bytes) modulo
 * the number of shards. The same address gives the same shard on every node, in every version, so
 * a host's files never move unless an operator moves its shard.
 */
public final class Shards {
    /** The number of shards of a new shard map when the configuration names none. */
    public static final int DEFAULT_COUNT = 64;

    private Shards() {}

    /**
     * @param hostAddress a host's address, as in the configuration
     * @param count the number of shards, at least 1
     * @return its shard, from 0 to {@code count - 1}
     */
    public static int shardOf(String hostAddress, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a shard map needs at least one shard, not " + count);
        }
        CRC32 crc = new CRC32();
        crc.update(hostAddress.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }
}
