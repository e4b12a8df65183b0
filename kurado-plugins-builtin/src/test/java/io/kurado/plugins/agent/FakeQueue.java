package io.kurado.plugins.agent;

import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.QueueException;
import io.kurado.api.queue.Topic;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A queue that refuses pushes while {@code down}, and holds them while {@code hang} is closed. */
final class FakeQueue implements Queue {
    final List<String> pushed = new CopyOnWriteArrayList<>();
    final List<Integer> pushSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    /** Counted down when a push starts to hang. */
    final CountDownLatch hanging = new CountDownLatch(1);
    volatile boolean down;
    /** While set and not counted down, a push waits for it (a Redis that stopped answering). */
    volatile CountDownLatch hang;

    @Override
    public void push(Topic topic, List<String> messages) {
        if (!topic.equals(Topic.UPDATE)) {
            throw new AssertionError("pushed to " + topic);
        }
        attempts.incrementAndGet();
        CountDownLatch h = hang;
        if (h != null) {
            hanging.countDown();
            try {
                h.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QueueException("interrupted");
            }
        }
        if (down) {
            throw new QueueException("connection refused");
        }
        pushSizes.add(messages.size());
        pushed.addAll(messages);
    }

    @Override
    public QueueConsumer consumer(Topic topic, String consumerName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long depth(Topic topic) {
        reads.incrementAndGet();
        if (down) {
            throw new QueueException("connection refused");
        }
        return 0;
    }

    @Override
    public void close() {}
}
