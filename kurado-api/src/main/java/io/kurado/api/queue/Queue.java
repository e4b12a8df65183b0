package io.kurado.api.queue;

import java.util.List;

/**
 * The message queues between agents, the scheduler, the fetch workers and the updaters.
 *
 * <p>Thread-safe. Not to be confused with {@link java.util.Queue}. It only queues: servers agree on
 * who does what through {@link io.kurado.api.coordination.Coordination}.
 *
 * @since 0.1
 */
public interface Queue extends AutoCloseable {
    /**
     * Appends messages to a topic, in order.
     *
     * @param topic the queue
     * @param messages the messages
     * @throws QueueException when the messages could not be accepted; nothing is then owed
     */
    void push(Topic topic, List<String> messages);

    /**
     * Opens a consumer for one thread. A consumer name identifies its in-flight messages: a
     * consumer opened with the name of one that died receives what that one had taken.
     *
     * @param topic the queue
     * @param consumerName a name unique among the live consumers of this topic
     * @return the consumer, owned by the caller
     */
    QueueConsumer consumer(Topic topic, String consumerName);

    /**
     * @param topic the queue
     * @return the number of messages waiting (not counting those in flight)
     */
    long depth(Topic topic);

    /** Releases connections and threads. */
    @Override
    void close();
}
