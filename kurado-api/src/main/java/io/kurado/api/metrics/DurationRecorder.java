package io.kurado.api.metrics;

/**
 * Records how long something took: one fetch, one graph. A meter library keeps the count, the sum
 * and a histogram of them.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DurationRecorder {
    /** Records nothing. */
    DurationRecorder NONE = nanos -> {};

    /** @param nanos how long it took, in nanoseconds */
    void record(long nanos);
}
