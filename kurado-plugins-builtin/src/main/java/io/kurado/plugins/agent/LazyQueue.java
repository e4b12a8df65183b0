package io.kurado.plugins.agent;

import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.QueueException;
import io.kurado.api.queue.Topic;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A queue that is created on first use and created again after its creation failed, so an agent
 * can start while its queue server is down. Thread-safe.
 *
 * @since 0.1
 */
public final class LazyQueue implements Queue {
    private final Supplier<Queue> factory;
    private Queue delegate;

    /** @param factory creates the real queue; may throw when the server is unreachable */
    public LazyQueue(Supplier<Queue> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    private synchronized Queue delegate() {
        if (delegate == null) {
            try {
                delegate = factory.get();
            } catch (QueueException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new QueueException("cannot connect to the queue: " + e.getMessage(), e);
            }
        }
        return delegate;
    }

    @Override
    public void push(Topic topic, List<String> messages) {
        delegate().push(topic, messages);
    }

    @Override
    public QueueConsumer consumer(Topic topic, String consumerName) {
        return delegate().consumer(topic, consumerName);
    }

    @Override
    public long depth(Topic topic) {
        return delegate().depth(topic);
    }

    @Override
    public synchronized void close() {
        if (delegate != null) {
            delegate.close();
            delegate = null;
        }
    }
}
