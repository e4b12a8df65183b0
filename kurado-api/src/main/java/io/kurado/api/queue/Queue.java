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
     * Appends messages to a topic, in order, keeping at most {@code limit} waiting: when the topic
     * would hold more, the oldest waiting messages are dropped to make room, in the same step. A
     * backlog that waits for a node that is down stays bounded this way.
     *
     * <p>The default pushes, then reports as dropped nothing; a queue that can bound a topic
     * overrides it.
     *
     * @param topic the queue
     * @param messages the messages
     * @param limit the most messages the topic may hold waiting, at least 1
     * @return how many waiting messages were dropped
     * @throws QueueException when the messages could not be accepted; nothing is then owed
     * @since 0.2
     */
    default long pushBounded(Topic topic, List<String> messages, long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        push(topic, messages);
        return 0;
    }

    /**
     * Appends messages to several topics, each as {@link #pushBounded(Topic, List, long)} does,
     * in one round trip where the queue can (the default pushes to one topic after the other).
     *
     * @param messages each topic's messages, in order
     * @param limit the most messages each topic may hold waiting, at least 1
     * @return how many waiting messages were dropped, by topic (only topics that dropped some)
     * @throws QueueException when messages could not be accepted; what was appended to other
     *     topics stays
     * @since 0.2
     */
    default java.util.Map<Topic, Long> pushBounded(java.util.Map<Topic, List<String>> messages, long limit) {
        java.util.Map<Topic, Long> dropped = new java.util.LinkedHashMap<>();
        messages.forEach((topic, m) -> {
            long d = pushBounded(topic, m, limit);
            if (d > 0) {
                dropped.put(topic, d);
            }
        });
        return dropped;
    }

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
