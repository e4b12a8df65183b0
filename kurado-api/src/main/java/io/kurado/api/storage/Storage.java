package io.kurado.api.storage;

import io.kurado.api.MetricKey;
import io.kurado.api.Sample;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The time-series store: one series per host, plugin and metric key.
 *
 * <p>Three jobs: write samples, tell a series' last update, read a series back. A sample counts as
 * written once {@link #write(List)} returns: a storage may put it into its files later, but then
 * keeps it safe from the death of the process meanwhile and includes it in every read. Implementations
 * are thread-safe. Whoever creates one closes it; closing makes every accepted
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

    /**
     * Reads one series over a window, seeing every sample accepted by {@link #write(List)} so far.
     * This is what graphs and data exports are drawn from.
     *
     * @param query the series, its consolidation, the window, the resolution and the detail wanted
     * @return the points, at the step kept closest to the resolution or composed from the finest
     *     steps kept (as {@link SeriesQuery#detail()} says), or empty when the series does not exist
     * @throws io.kurado.api.KuradoException when the series exists but cannot be read (for example
     *     when it keeps no points of that consolidation)
     */
    Optional<SeriesData> read(SeriesQuery query);

    /**
     * The metric keys a host's plugin has series of, so that an alert rule over
     * {@code disk-usage-*-used.gauge} finds every device. A storage that cannot list them has none.
     *
     * @param address the host address
     * @param escapedPlugin the escaped plugin identifier
     * @return the keys, those of samples not yet in files included
     */
    default Set<MetricKey> keys(String address, String escapedPlugin) {
        return Set.of();
    }

    /**
     * What is wrong with the storage now, and faults it recovered from lately that cost data, for
     * the status page and each host's page. A storage that cannot fail this way has none.
     *
     * @return the problems, ongoing ones first
     */
    default List<StorageProblem> problems() {
        return List.of();
    }

    /**
     * Samples this storage had accepted and then lost, for the status page: those a process that
     * stopped left in a journal that was found damaged when this one started (each loss is also
     * said once, in words, in the log). A storage that cannot lose samples this way has none.
     *
     * @return how many
     */
    default long samplesLost() {
        return 0;
    }

    /**
     * Puts every accepted sample into its files now, so that the files alone hold each series'
     * history (before another server copies them). A storage that keeps no samples aside has
     * nothing to do.
     *
     * @return how many accepted samples still wait outside their files (those whose files cannot
     *     be written now)
     */
    default long flush() {
        return 0;
    }

    /**
     * The directory holding every file of one host's series, so that another server can copy the
     * host's history. A storage that keeps no files per host has none.
     *
     * @param address the host address
     * @return the directory, whether or not it exists yet, or empty
     */
    default Optional<java.nio.file.Path> hostDirectory(String address) {
        return Optional.empty();
    }

    /**
     * Makes this process the writer of the storage, before the update role takes anything: a
     * storage that one process at a time may write (the RRD storage, per data directory) takes its
     * lock here, and a process that cannot be the writer is refused at start rather than at its
     * first write. Calling it again does nothing.
     *
     * @throws io.kurado.api.KuradoException when another process writes the storage, naming it
     */
    default void openForWriting() {}

    /** Makes every accepted sample durable and releases every resource. */
    @Override
    void close();
}
