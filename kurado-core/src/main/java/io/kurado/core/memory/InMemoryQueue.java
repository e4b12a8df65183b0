package io.kurado.core.memory;

import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.QueueException;
import io.kurado.api.queue.Topic;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded {@link Queue}: bounded lists in this JVM, with the same at-least-once contract as
 * the Redis queue. A consumer's taken, unacknowledged messages go back to the head of the topic
 * when a consumer of the same name opens again. Nothing survives the process.
 */
public final class InMemoryQueue implements Queue {
    /** The default limit of waiting messages per topic. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Map<Topic, ArrayDeque<String>> waiting = new HashMap<>();
    private final Map<String, List<Delivery>> inFlight = new HashMap<>();
    private boolean closed;

    /**
     * @param capacity the most messages a topic holds waiting; a push beyond it fails
     * @param clock the clock for lock expiry
     */
    public InMemoryQueue(int capacity, InstantSource clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A queue of {@link #DEFAULT_CAPACITY} messages per topic on the system clock. */
    public InMemoryQueue() {
        this(DEFAULT_CAPACITY, InstantSource.system());
    }

    @Override
    public void push(Topic topic, List<String> messages) {
        lock.lock();
        try {
            checkOpen();
            ArrayDeque<String> q = waiting.computeIfAbsent(topic, t -> new ArrayDeque<>());
            if (q.size() + messages.size() > capacity) {
                throw new QueueException("queue " + topic + " is full (" + q.size() + " of " + capacity
                        + " messages waiting); " + messages.size() + " message(s) not accepted");
            }
            for (String m : messages) {
                q.addLast(Objects.requireNonNull(m, "message"));
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long pushBounded(Topic topic, List<String> messages, long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        lock.lock();
        try {
            checkOpen();
            ArrayDeque<String> q = waiting.computeIfAbsent(topic, t -> new ArrayDeque<>());
            long bound = Math.min(limit, capacity);
            for (String m : messages) {
                q.addLast(Objects.requireNonNull(m, "message"));
            }
            long dropped = 0;
            while (q.size() > bound) {
                q.removeFirst();
                dropped++;
            }
            arrived.signalAll();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public QueueConsumer consumer(Topic topic, String consumerName) {
        String owner = topic + "\u0000" + consumerName;
        lock.lock();
        try {
            checkOpen();
            List<Delivery> left = inFlight.remove(owner);
            if (left != null && !left.isEmpty()) {
                ArrayDeque<String> q = waiting.computeIfAbsent(topic, t -> new ArrayDeque<>());
                for (int i = left.size() - 1; i >= 0; i--) {
                    q.addFirst(left.get(i).payload());
                }
                arrived.signalAll();
            }
            inFlight.put(owner, new ArrayList<>());
        } finally {
            lock.unlock();
        }
        return new Consumer(topic, owner);
    }

    @Override
    public long depth(Topic topic) {
        lock.lock();
        try {
            ArrayDeque<String> q = waiting.get(topic);
            return q == null ? 0 : q.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new QueueException("the in-memory queue is closed");
        }
    }

    @Override
    public String toString() {
        return "InMemoryQueue[capacity=" + capacity + "]";
    }

    private final class Consumer implements QueueConsumer {
        private final Topic topic;
        private final String owner;

        Consumer(Topic topic, String owner) {
            this.topic = topic;
            this.owner = owner;
        }

        @Override
        public List<Delivery> poll(int max, Duration timeout) throws InterruptedException {
            if (max < 1) {
                throw new IllegalArgumentException("max must be positive, got " + max);
            }
            long nanos = timeout.toNanos();
            lock.lockInterruptibly();
            try {
                ArrayDeque<String> q = waiting.computeIfAbsent(topic, t -> new ArrayDeque<>());
                while (q.isEmpty() && !closed) {
                    if (nanos <= 0) {
                        return List.of();
                    }
                    nanos = arrived.awaitNanos(nanos);
                }
                if (closed) {
                    return List.of();
                }
                List<Delivery> mine = inFlight.computeIfAbsent(owner, o -> new ArrayList<>());
                List<Delivery> out = new ArrayList<>(Math.min(max, q.size()));
                while (out.size() < max && !q.isEmpty()) {
                    Delivery d = new Delivery(topic, q.pollFirst());
                    mine.add(d);
                    out.add(d);
                }
                return out;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void ack(List<Delivery> deliveries) {
            lock.lock();
            try {
                List<Delivery> mine = inFlight.get(owner);
                if (mine == null || mine.isEmpty()) {
                    return;
                }
                // by identity: an acknowledgement names the very delivery taken, whatever its text
                Set<Delivery> acked = Collections.newSetFromMap(new IdentityHashMap<>());
                acked.addAll(deliveries);
                mine.removeIf(acked::contains);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void release(List<Delivery> deliveries) {
            lock.lock();
            try {
                List<Delivery> mine = inFlight.get(owner);
                if (mine == null || deliveries.isEmpty()) {
                    return;
                }
                Set<Delivery> given = Collections.newSetFromMap(new IdentityHashMap<>());
                given.addAll(deliveries);
                List<Delivery> back = mine.stream().filter(given::contains).toList();
                mine.removeIf(given::contains);
                ArrayDeque<String> q = waiting.computeIfAbsent(topic, t -> new ArrayDeque<>());
                for (int i = back.size() - 1; i >= 0; i--) {
                    q.addFirst(back.get(i).payload());
                }
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            // unacknowledged messages stay in flight until a consumer of the same name opens
        }
    }
}
