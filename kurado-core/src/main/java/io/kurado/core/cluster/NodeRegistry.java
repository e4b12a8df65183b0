package io.kurado.core.cluster;

import io.kurado.api.meta.MetaStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The nodes of a group of servers, as each announced itself: one field per node in the meta
 * store's state namespace {@code cluster-nodes} (the Redis hash {@code kurado-state:cluster-nodes}).
 * A node announces itself every {@link NodeInfo#INTERVAL}; one not heard of for
 * {@link NodeInfo#TTL} is listed as down, and keeps its shards.
 */
public final class NodeRegistry {
    /** The state namespace. */
    public static final String NAMESPACE = "cluster-nodes";

    private final MetaStore store;

    /** @param store the meta store every node shares */
    public NodeRegistry(MetaStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * @param node what this node says of itself now
     * @throws io.kurado.api.KuradoException when the store cannot be written
     */
    public void announce(NodeInfo node) {
        store.writeState(NAMESPACE, Map.of(node.nodeId(), node.toJson()), Set.of());
    }

    /** @return every node that ever announced itself and was not forgotten, by id */
    public List<NodeInfo> nodes() {
        List<NodeInfo> out = new ArrayList<>();
        store.readState(NAMESPACE).forEach((id, text) -> NodeInfo.parse(id, text).ifPresent(out::add));
        out.sort(Comparator.comparing(NodeInfo::nodeId));
        return out;
    }

    /**
     * @param nodeId a node id
     * @return that node, if it announced itself
     */
    public Optional<NodeInfo> node(String nodeId) {
        return nodes().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
    }

    /**
     * @param now the reader's time
     * @return the ids of the live nodes that write files (those that may own shards)
     */
    public List<String> liveWriters(Instant now) {
        return nodes().stream().filter(n -> n.writes() && n.alive(now)).map(NodeInfo::nodeId).toList();
    }

    /**
     * Removes a node that is gone for good from the list (it comes back if it announces itself again).
     *
     * @param nodeId its id
     */
    public void forget(String nodeId) {
        store.writeState(NAMESPACE, Map.of(), Set.of(nodeId));
    }
}
