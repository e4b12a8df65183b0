package io.kurado.core.cluster;

import io.kurado.api.queue.Queue;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A group of servers at one moment, for {@code /status} and {@code kurado cluster status}: the
 * nodes, the copies each owns, and the batches waiting in each copy's queue.
 *
 * @param epoch the shard map's epoch
 * @param shards the number of shards
 * @param replicas the copies per shard
 * @param nodes every node that announced itself or owns a copy, by id
 * @param slots every copy, with its backlog
 */
public record ClusterStatus(long epoch, int shards, int replicas, List<NodeRow> nodes, List<SlotRow> slots) {
    /** Copies the lists. */
    public ClusterStatus {
        nodes = List.copyOf(nodes);
        slots = List.copyOf(slots);
    }

    /**
     * One node.
     *
     * @param nodeId its id
     * @param advertiseUrl where it answers; empty for a node that owns copies but never announced itself
     * @param alive whether it announced itself lately
     * @param lastSeen when it last announced itself
     * @param writes whether it runs the update role
     * @param lagMillis how far behind its newest written sample was
     * @param dropped batches its router dropped from full shard queues
     * @param slots the copies it owns, as labels ({@code 7}, {@code 7b} for a second copy)
     * @param backlog batches waiting in the queues of the copies it owns (-1 when unknown)
     */
    public record NodeRow(String nodeId, Optional<URI> advertiseUrl, boolean alive, Optional<Instant> lastSeen, boolean writes,
            long lagMillis, long dropped, List<String> slots, long backlog) {
        /** Copies the list. */
        public NodeRow {
            slots = List.copyOf(slots);
        }
    }

    /**
     * One copy of one shard.
     *
     * @param slot the copy
     * @param backlog batches waiting in its queue, when the queue could be read
     */
    public record SlotRow(ShardSlot slot, OptionalLong backlog) {}

    /**
     * @param map the shard map
     * @param known the nodes that announced themselves
     * @param queue where the shard queues are, to read their backlog; empty not to read it
     * @param now the reader's time
     * @return the status
     */
    public static ClusterStatus of(ShardMap map, List<NodeInfo> known, Optional<Queue> queue, Instant now) {
        List<SlotRow> slots = new ArrayList<>();
        for (ShardSlot s : map.slots()) {
            OptionalLong depth = OptionalLong.empty();
            if (queue.isPresent()) {
                try {
                    depth = OptionalLong.of(queue.get().depth(ShardRouter.topic(s.shard(), s.copy())));
                } catch (RuntimeException e) {
                    // unknown
                }
            }
            slots.add(new SlotRow(s, depth));
        }
        List<String> ids = new ArrayList<>(known.stream().map(NodeInfo::nodeId).toList());
        for (String o : map.owners()) {
            if (!ids.contains(o)) {
                ids.add(o);
            }
        }
        ids.sort(String::compareTo);
        List<NodeRow> rows = new ArrayList<>();
        for (String id : ids) {
            Optional<NodeInfo> n = known.stream().filter(k -> k.nodeId().equals(id)).findFirst();
            List<String> labels = new ArrayList<>();
            long backlog = 0;
            for (SlotRow r : slots) {
                if (r.slot().ownedBy(id)) {
                    labels.add(r.slot().label());
                    backlog = backlog < 0 || r.backlog().isEmpty() ? -1 : backlog + r.backlog().getAsLong();
                }
            }
            rows.add(new NodeRow(id, n.map(NodeInfo::advertiseUrl), n.map(x -> x.alive(now)).orElse(false), n.map(NodeInfo::lastSeen),
                    n.map(NodeInfo::writes).orElse(true), n.map(NodeInfo::lagMillis).orElse(0L), n.map(NodeInfo::dropped).orElse(0L),
                    labels, backlog));
        }
        return new ClusterStatus(map.epoch(), map.count(), map.replicas(), rows, slots);
    }

    /** @return batches waiting in the queues of copies nobody owns (-1 when unknown) */
    public long unownedBacklog() {
        long sum = 0;
        for (SlotRow r : slots) {
            if (r.slot().owner().isEmpty()) {
                if (r.backlog().isEmpty()) {
                    return -1;
                }
                sum += r.backlog().getAsLong();
            }
        }
        return sum;
    }

    /**
     * @param nodeId a node id
     * @return that node's row
     */
    public Optional<NodeRow> node(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
    }
}
