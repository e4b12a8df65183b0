package io.kurado.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A node as it last announced itself in the {@link NodeRegistry}.
 *
 * @param nodeId its id
 * @param advertiseUrl where its web role answers
 * @param started when it started
 * @param lastSeen when it last announced itself (by its clock)
 * @param writes whether it runs the update role, and so may own shards
 * @param lagMillis how far behind its newest written sample was, when it announced itself
 * @param dropped batches its router dropped because a shard's backlog was full, since it started
 */
public record NodeInfo(String nodeId, URI advertiseUrl, Instant started, Instant lastSeen, boolean writes, long lagMillis,
        long dropped) {
    /** How long a node counts as alive after it last announced itself. */
    public static final Duration TTL = Duration.ofSeconds(15);
    /** How often a node announces itself. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the parts. */
    public NodeInfo {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(advertiseUrl, "advertiseUrl");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    /**
     * @param now the reader's time
     * @return whether its announcement is younger than {@link #TTL}
     */
    public boolean alive(Instant now) {
        return lastSeen.plus(TTL).isAfter(now);
    }

    /**
     * @param now the reader's time
     * @return it as a {@link Peer}
     */
    public Peer peer(Instant now) {
        return new Peer(nodeId, advertiseUrl, alive(now));
    }

    /** @return the value stored for it */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("url", advertiseUrl.toString());
        o.put("started", started.toEpochMilli());
        o.put("seen", lastSeen.toEpochMilli());
        o.put("writes", writes);
        o.put("lag", lagMillis);
        o.put("dropped", dropped);
        return o.toString();
    }

    /**
     * @param nodeId the node's id
     * @param text what {@link #toJson()} wrote
     * @return the node, or empty when the text is not one
     */
    public static Optional<NodeInfo> parse(String nodeId, String text) {
        try {
            JsonNode o = JSON.readTree(text);
            return Optional.of(new NodeInfo(nodeId, URI.create(o.path("url").asText()), Instant.ofEpochMilli(o.path("started").asLong()),
                    Instant.ofEpochMilli(o.path("seen").asLong()), o.path("writes").asBoolean(), o.path("lag").asLong(),
                    o.path("dropped").asLong()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
