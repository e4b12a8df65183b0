package io.kurado.api.storage;

import io.kurado.api.Sample;
import java.util.List;
import java.util.OptionalLong;

/**
 * The time-series store: one series per host, plugin and metric key.
 *
 * <p>Implementations are thread-safe. Whoever creates one closes it; closing makes every accepted
 * sample durable and releases every file.
 *
 * @since 0.1
 */
public interface Storage extends AutoCloseable {
    /**
     * Writes samples. A sample at or before the last update of its series is skipped and counted
     * (as rrdtool tolerated it); a failure of one series never stops the others.
     *
     * @param samples the samples, in any order
     * @return how many were written, skipped and failed
     */
    WriteResult write(List<Sample> samples);

    /**
     * @param series a series
     * @return the epoch second of its last update, or empty when it does not exist
     */
    OptionalLong lastUpdate(SeriesRef series);

    /** Makes every accepted sample durable and releases every resource. */
    @Override
    void close();
}
