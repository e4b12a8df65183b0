package io.kurado.plugins.agent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches the agent could not push yet, oldest first, bounded by a number of batches and a
 * number of characters. When full, the oldest batch is dropped and the drop is logged.
 *
 * <p>Not thread-safe; used by the agent loop only.
 *
 * @since 0.1
 */
public final class BatchBuffer {
    private static final Logger LOG = LoggerFactory.getLogger(BatchBuffer.class);

    private final int maxBatches;
    private final long maxChars;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private long chars;
    private long dropped;

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
     * Adds a batch at the end, dropping the oldest ones while the bounds are exceeded.
     *
     * @param batch the batch text
     * @param collectedAt when it was collected
     */
    public void add(String batch, Instant collectedAt) {
        Pending p = new Pending(batch, collectedAt);
        pending.addLast(p);
        chars += batch.length();
        while (pending.size() > maxBatches || (chars > maxChars && pending.size() > 1)) {
            Pending old = pending.removeFirst();
            chars -= old.text().length();
            dropped++;
            LOG.warn("buffer full ({} batches): dropped the batch collected at {} ({} lines); {} dropped since start",
                    maxBatches, old.collectedAt(), old.lines(), dropped);
        }
    }

    /** @return the oldest batch, if any */
    public Optional<Pending> peek() {
        return Optional.ofNullable(pending.peekFirst());
    }

    /** Removes the oldest batch, after it was pushed. */
    public void removeFirst() {
        Pending p = pending.pollFirst();
        if (p != null) {
            chars -= p.text().length();
        }
    }

    /** @return the number of batches waiting */
    public int size() {
        return pending.size();
    }

    /** @return the number of batches dropped since this buffer was created */
    public long dropped() {
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
