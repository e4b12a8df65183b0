package io.kurado.core.cluster;

import io.kurado.api.KuradoException;
import io.kurado.api.meta.MetaStore;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The shard map where every node reads it: one field of the meta store's state
 * ({@code shard-map} in the namespace {@code cluster}, the Redis hash {@code kurado-state:cluster}).
 * A change is written only over the very map it was made from (one compare-and-set on one key, so
 * it works on a Redis Cluster too); a change made from a map that changed meanwhile is made again
 * from the new one.
 */
public final class ShardMapStore {
    /** The state namespace. */
    public static final String NAMESPACE = "cluster";
    /** The field holding the map. */
    public static final String FIELD = "shard-map";
    private static final int ATTEMPTS = 20;

    private final MetaStore store;

    /** @param store the meta store every node shares */
    public ShardMapStore(MetaStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** A map as read, with the text it was read from (what a change is compared with). */
    private record Read(ShardMap map, String text) {}

    /**
     * @return the map, if one was made
     * @throws KuradoException when the store cannot be read, or holds something else
     */
    public Optional<ShardMap> read() {
        return readText().map(Read::map);
    }

    private Optional<Read> readText() {
        String text = store.readState(NAMESPACE).get(FIELD);
        return text == null ? Optional.empty() : Optional.of(new Read(ShardMap.parse(text), text));
    }

    /**
     * Reads the map, making an empty one first when there is none.
     *
     * @param count the number of shards of a new map
     * @param replicas the copies per shard of a new map
     * @return the map (an existing one keeps its own count and replicas)
     */
    public ShardMap readOrCreate(int count, int replicas) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<ShardMap> m = read();
            if (m.isPresent()) {
                return m.get();
            }
            ShardMap fresh = ShardMap.empty(count, replicas);
            if (store.compareAndSetState(NAMESPACE, FIELD, Optional.empty(), fresh.toJson())) {
                return fresh;
            }
        }
        throw new KuradoException("the shard map keeps changing; try again");
    }

    /**
     * Changes the map: reads it, applies the change, and writes the result over what was read; when
     * another node changed it meanwhile, does it again from the new map.
     *
     * @param change makes the new map from the current one; returning the same map changes nothing
     * @return the map in force afterwards
     * @throws KuradoException when there is no map, or it keeps changing under this change
     * @throws IllegalArgumentException when the change refuses the map (as the change says)
     */
    public ShardMap update(UnaryOperator<ShardMap> change) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Read r = readText().orElseThrow(() -> new KuradoException("there is no shard map yet: start a node of the group first"));
            ShardMap next = change.apply(r.map());
            if (next == r.map() || next.equals(r.map())) {
                return r.map();
            }
            if (next.epoch() != r.map().epoch() + 1) {
                next = new ShardMap(next.count(), next.replicas(), r.map().epoch() + 1, next.slots());
            }
            if (store.compareAndSetState(NAMESPACE, FIELD, Optional.of(r.text()), next.toJson())) {
                return next;
            }
        }
        throw new KuradoException("the shard map keeps changing under this change; try again");
    }

    /**
     * Writes a map over the one of the epoch it was planned from, and nothing else.
     *
     * @param plannedFrom the epoch the plan was made from
     * @param next the plan
     * @return true when written; false when the map has changed since
     */
    public boolean replace(long plannedFrom, ShardMap next) {
        Read r = readText().orElseThrow(() -> new KuradoException("there is no shard map yet: start a node of the group first"));
        if (r.map().epoch() != plannedFrom) {
            return false;
        }
        ShardMap n = new ShardMap(next.count(), next.replicas(), plannedFrom + 1, next.slots());
        return store.compareAndSetState(NAMESPACE, FIELD, Optional.of(r.text()), n.toJson());
    }
}
