package io.kurado.api.queue;

import java.util.Objects;

/**
 * One message taken from a queue, to be acknowledged once it has been handled.
 *
 * @param topic the queue it came from
 * @param payload the message
 * @since 0.1
 */
public record Delivery(Topic topic, String payload) {
    /** Validates the fields. */
    public Delivery {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
