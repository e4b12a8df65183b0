package io.kurado.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What the update role accepts from the queue. Generous for real agents and fetchers (an agent's
 * batch for one minute is a few kilobytes), tight enough that one hostile push cannot exhaust
 * memory, disk or the log, or poison a series.
 *
 * @param maxBatchBytes the largest batch accepted ({@code max_batch_bytes}, default 1 MiB); a
 *     larger one is rejected whole, counted, logged and acknowledged
 * @param maxLineBytes the longest line accepted ({@code max_line_bytes}, default 64 KiB); a longer
 *     one is rejected and counted, the rest of its batch written
 * @param maxAhead how far ahead of the server's clock a sample may be stamped
 *     ({@code max_future_seconds}, default 600); a sample further ahead is rejected, counted and
 *     logged, since once written it would make every later sample of its series look old
 */
public record IngestLimits(int maxBatchBytes, int maxLineBytes, Duration maxAhead) {
    /** The defaults. */
    public static final IngestLimits DEFAULT = new IngestLimits(1 << 20, 64 << 10, Duration.ofMinutes(10));

    /** Validates the fields. */
    public IngestLimits {
        Objects.requireNonNull(maxAhead, "maxAhead");
        if (maxBatchBytes < 1 || maxLineBytes < 1) {
            throw new IllegalArgumentException("batch and line limits must be positive");
        }
        if (maxAhead.isNegative()) {
            throw new IllegalArgumentException("maxAhead must not be negative, got " + maxAhead);
        }
    }
}
