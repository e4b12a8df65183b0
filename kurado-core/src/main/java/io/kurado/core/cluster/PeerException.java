package io.kurado.core.cluster;

import io.kurado.api.KuradoException;
import java.net.URI;
import java.util.Objects;

/** Another node could not be reached, or did not answer in time; the message names it. */
public final class PeerException extends KuradoException {
    private static final long serialVersionUID = 1L;

    private final String nodeId;

    /**
     * @param nodeId the node's id
     * @param url where it was asked
     * @param what what went wrong, e.g. {@code refused the connection}
     * @param cause the cause, or null
     */
    public PeerException(String nodeId, URI url, String what, Throwable cause) {
        super("node " + Objects.requireNonNull(nodeId, "nodeId") + " (" + url + ") " + what, cause);
        this.nodeId = nodeId;
    }

    /** @return the id of the node that failed */
    public String nodeId() {
        return nodeId;
    }
}
