package io.kurado.core.cluster;

import java.util.List;
import java.util.Objects;

/**
 * Where one host's files are.
 *
 * @param local whether this node holds them (then read them here)
 * @param holders the nodes that hold them, the preferred one first; empty on a single server
 */
public record Placement(boolean local, List<Peer> holders) {
    /** Held here, and nowhere else that matters. */
    public static final Placement HERE = new Placement(true, List.of());

    /** Copies the list. */
    public Placement {
        holders = List.copyOf(Objects.requireNonNull(holders, "holders"));
    }

    /** @return the holders that are alive, in order of preference */
    public List<Peer> liveHolders() {
        return holders.stream().filter(Peer::alive).toList();
    }
}
