package io.kurado.plugins.agent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches collected and not pushed yet, in collection order, bounded by a number of batches
 * and a number of characters. The collector adds at the end; the pusher claims the first batch,
 * pushes it and then removes it. When the bounds are exceeded the oldest batch that is not being
 * pushed is dropped; the first drop of a run is said once, the number dropped is kept
 * ({@link #dropped()}).
 *
 * <p>Thread-safe: one collector and one pusher share it.
 *
 * @since 0.1
 */
public final class BatchBuffer {
    private static final Logger LOG = LoggerFactory.getLogger(BatchBuffer.class);

    private final int maxBatches;
    private final long maxChars;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private Pending inFlight;
    private long chars;
    private long dropped;
    private boolean dropping;

    /**
     * @param maxBatches the most batches kept
     * @param maxChars the most characters kept in all batches together
     */
    public BatchBuffer(int maxBatches, long maxChars) {
        if (maxBatches < 1 || maxChars < 1) {
            throw new IllegalArgumentException("buffer bounds must be positive");
        }
        this.maxBatches = maxBatches;
        this.maxChars = maxChars;
    }

    /**
     * Adds a batch at the end, dropping the oldest ones while the bounds are exceeded. The batch
     * being pushed is never dropped, and is not counted against the bounds.
     *
     * @param batch the batch text
     * @param collectedAt when it was collected
     */
    public synchronized void add(String batch, Instant collectedAt) {
        pending.addLast(new Pending(batch, collectedAt));
        chars += batch.length();
        while (overBounds()) {
            Pending old = dropOldest();
            dropped++;
            if (!dropping) {
                dropping = true;
                LOG.warn("The buffer is full ({} batches): dropping the oldest batch (collected at {}) and from now on the"
                        + " oldest for each new one, until the queue takes them", maxBatches, old.collectedAt());
            }
        }
        notifyAll();
    }

    private boolean overBounds() {
        int droppable = pending.size() - (inFlight == null ? 0 : 1);
        long droppableChars = chars - (inFlight == null ? 0 : inFlight.text().length());
        return droppable > maxBatches || (droppableChars > maxChars && droppable > 1);
    }

    private Pending dropOldest() {
        Iterator<Pending> it = pending.iterator();
        while (true) {
            Pending p = it.next();
            if (p != inFlight) {
                it.remove();
                chars -= p.text().length();
                return p;
            }
        }
    }

    /** @return the oldest batch, if any */
    public synchronized Optional<Pending> peek() {
        return Optional.ofNullable(pending.peekFirst());
    }

    /**
     * Waits for a batch and marks the oldest as being pushed: it is not dropped until
     * {@link #settle} is called.
     *
     * @param timeout the longest wait
     * @param unit its unit
     * @return the oldest batch; empty when none came within the timeout
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized Optional<Pending> claimFirst(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        inFlight = pending.peekFirst();
        return Optional.of(inFlight);
    }

    /**
     * Ends the push of a claimed batch.
     *
     * @param batch the batch {@link #claimFirst} returned
     * @param sent whether the queue took it: then it is removed; otherwise it stays first
     */
    public synchronized void settle(Pending batch, boolean sent) {
        if (inFlight == batch) {
            inFlight = null;
        }
        if (sent && pending.peekFirst() == batch) {
            pending.removeFirst();
            chars -= batch.text().length();
        }
        if (pending.size() < maxBatches) {
            dropping = false;
        }
    }

    /** Removes the oldest batch. */
    public synchronized void removeFirst() {
        Pending p = pending.peekFirst();
        if (p != null) {
            settle(p, true);
        }
    }

    /** @return the number of batches waiting, including one being pushed */
    public synchronized int size() {
        return pending.size();
    }

    /** @return the most batches kept */
    public int capacity() {
        return maxBatches;
    }

    /** @return the number of batches dropped since this buffer was created */
    public synchronized long dropped() {
        return dropped;
    }

    /**
     * A batch waiting to be pushed.
     *
     * @param text the batch
     * @param collectedAt when it was collected
     */
    public record Pending(String text, Instant collectedAt) {
        /** Validates the fields. */
        public Pending {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(collectedAt, "collectedAt");
        }

        /** @return the number of lines */
        public long lines() {
            return text.chars().filter(c -> c == '\n').count();
        }
    }
}
