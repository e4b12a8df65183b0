package io.kurado.core.cluster;

import java.net.URI;
import java.util.Objects;

/**
 * Another node, as the node registry last saw it.
 *
 * @param nodeId its node id
 * @param advertiseUrl where its web role answers, e.g. {@code http://10.0.0.2:5000/}
 * @param alive whether its lease is current
 */
public record Peer(String nodeId, URI advertiseUrl, boolean alive) {
    /** Checks the parts. */
    public Peer {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(advertiseUrl, "advertiseUrl");
    }
}
