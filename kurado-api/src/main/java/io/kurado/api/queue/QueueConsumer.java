package io.kurado.api.queue;

import java.time.Duration;
import java.util.List;

/**
 * A consumer of one topic, used by one thread. Delivery is at least once: a message taken by
 * {@link #poll} and not yet {@link #ack acknowledged} is given again to a consumer of the same
 * name after this one dies.
 *
 * @since 0.1
 */
public interface QueueConsumer extends AutoCloseable {
    /**
     * Takes up to {@code max} messages, waiting up to {@code timeout} for the first one.
     *
     * @param max the most messages to take
     * @param timeout how long to wait when the queue is empty; zero takes what waits without
     *     waiting (one round trip on a queue over the network)
     * @return the messages, empty when none came in time
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    List<Delivery> poll(int max, Duration timeout) throws InterruptedException;

    /**
     * Acknowledges handled messages; they will not be delivered again.
     *
     * @param deliveries messages this consumer took
     */
    void ack(List<Delivery> deliveries);

    /**
     * Gives messages back that this consumer took and cannot handle (its storage refuses them):
     * they go back to the head of their topic, in the order taken, for any consumer to take, rather
     * than wait in this consumer's hands. A queue that cannot give messages back keeps them for the
     * next consumer of this name, as if this one had died.
     *
     * @param deliveries messages this consumer took and did not acknowledge
     */
    default void release(List<Delivery> deliveries) {}

    /** Stops consuming. Taken messages that were not acknowledged stay to be delivered again. */
    @Override
    void close();
}
