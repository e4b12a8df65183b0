package io.kurado.core.cluster;

/**
 * Copies one shard's files into this node's data directory from a node that has them, before this
 * node starts writing the shard (a shard that moves keeps its whole history). The node that has
 * them has stopped writing the shard and flushed its files, or is a live replica of it. The
 * cluster role's copier goes over HTTP ({@link ClusterRole#httpCopier}, {@link ShardFiles}).
 */
@FunctionalInterface
public interface ShardCopier {
    /** A copier for a build that cannot copy files between nodes: every copy fails, saying so. */
    ShardCopier UNAVAILABLE = (shard, count, from) -> {
        throw new io.kurado.api.KuradoException("this node cannot copy shard files from another node (no shard copier is"
                + " installed); copy the files of shard " + shard + " from " + from.nodeId() + " by hand");
    };

    /**
     * Copies the files of every host of a shard.
     *
     * @param shard the shard
     * @param count the number of shards of the map (a host is in the shard when
     *     {@link Shards#shardOf Shards.shardOf(address, count)} is {@code shard})
     * @param from the node to copy from
     * @return the number of files copied
     * @throws RuntimeException when the copy failed; it is tried again later, and the shard's
     *     batches wait in its queue meanwhile
     */
    long copy(int shard, int count, Peer from);
}
