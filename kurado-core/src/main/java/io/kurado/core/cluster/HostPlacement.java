package io.kurado.core.cluster;

/**
 * Where each host's files are written. A single server writes every host's files itself; with
 * several servers a shard map names the node or nodes that hold each host's files, and the other
 * nodes ask them.
 */
@FunctionalInterface
public interface HostPlacement {
    /** A single server: every host's files are here. */
    HostPlacement LOCAL = address -> Placement.HERE;

    /**
     * @param hostAddress a host's address, as in the configuration
     * @return where its files are
     */
    Placement placementOf(String hostAddress);
}
