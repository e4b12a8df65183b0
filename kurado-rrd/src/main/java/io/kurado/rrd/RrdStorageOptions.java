package io.kurado.rrd;

import io.kurado.api.KuradoException;
import io.kurado.api.ProviderConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How an {@link RrdStorage} runs.
 *
 * @param samplesPerWrite a file is written once this many new samples wait for it (1 writes each
 *     sample at once); fewer writes of more samples each are what let one server keep a hundred
 *     thousand files current
 * @param maxWriteDelay the longest a sample waits before its file is written, however few wait
 * @param writerThreads threads that write files
 * @param maxSeriesPerPlugin the most files one plugin of one host may have; samples of a new series
 *     beyond it are refused (a runaway or hostile agent cannot fill the disk)
 * @param clock the clock that dates new files and times the waits
 * @since 0.1
 */
public record RrdStorageOptions(int samplesPerWrite, Duration maxWriteDelay, int writerThreads, int maxSeriesPerPlugin,
        InstantSource clock) {
    /** The setting for {@link #samplesPerWrite()} ({@code rrd.samples_per_write}, default 10). */
    public static final String SAMPLES_PER_WRITE = "rrd.samples_per_write";
    /** The setting for {@link #maxWriteDelay()} in seconds ({@code rrd.max_write_delay}, default 600). */
    public static final String MAX_WRITE_DELAY = "rrd.max_write_delay";
    /** The setting for {@link #writerThreads()} ({@code rrd.writer_threads}, default one per processor, at most 8). */
    public static final String WRITER_THREADS = "rrd.writer_threads";
    /** The setting for {@link #maxSeriesPerPlugin()} ({@code max_series_per_plugin}, default 2000). */
    public static final String MAX_SERIES_PER_PLUGIN = "max_series_per_plugin";
    /** The default of {@link #maxSeriesPerPlugin()}. */
    public static final int DEFAULT_MAX_SERIES_PER_PLUGIN = 2000;
    /** The default of {@link #samplesPerWrite()}. */
    public static final int DEFAULT_SAMPLES_PER_WRITE = 10;
    /** The default of {@link #maxWriteDelay()}. */
    public static final Duration DEFAULT_MAX_WRITE_DELAY = Duration.ofMinutes(10);

    /** Validates the fields. */
    public RrdStorageOptions {
        if (samplesPerWrite < 1 || samplesPerWrite > 1440) {
            throw new KuradoException("setting '" + SAMPLES_PER_WRITE + "' must be between 1 and 1440, not " + samplesPerWrite);
        }
        Objects.requireNonNull(maxWriteDelay, "maxWriteDelay");
        if (maxWriteDelay.isNegative() || maxWriteDelay.compareTo(Duration.ofDays(1)) > 0) {
            throw new KuradoException("setting '" + MAX_WRITE_DELAY + "' must be between 0 and 86400 seconds, not "
                    + maxWriteDelay.toSeconds());
        }
        if (writerThreads < 1 || writerThreads > 64) {
            throw new KuradoException("setting '" + WRITER_THREADS + "' must be between 1 and 64, not " + writerThreads);
        }
        if (maxSeriesPerPlugin < 1) {
            throw new KuradoException("setting '" + MAX_SERIES_PER_PLUGIN + "' must be at least 1, not " + maxSeriesPerPlugin);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param samplesPerWrite see {@link #samplesPerWrite()}
     * @param maxWriteDelay see {@link #maxWriteDelay()}
     * @param writerThreads see {@link #writerThreads()}
     * @param clock see {@link #clock()}
     */
    public RrdStorageOptions(int samplesPerWrite, Duration maxWriteDelay, int writerThreads, InstantSource clock) {
        this(samplesPerWrite, maxWriteDelay, writerThreads, DEFAULT_MAX_SERIES_PER_PLUGIN, clock);
    }

    /**
     * @param clock the clock
     * @return the defaults: ten samples per write, at most ten minutes' wait, a writer per processor (at most 8)
     */
    public static RrdStorageOptions defaults(InstantSource clock) {
        return new RrdStorageOptions(DEFAULT_SAMPLES_PER_WRITE, DEFAULT_MAX_WRITE_DELAY, defaultWriters(), clock);
    }

    /**
     * @param clock the clock
     * @return options that write every sample into its file at once, as the original did
     */
    public static RrdStorageOptions immediate(InstantSource clock) {
        return new RrdStorageOptions(1, Duration.ZERO, defaultWriters(), clock);
    }

    /**
     * @param n samples per write
     * @return these options with another {@link #samplesPerWrite()}
     */
    public RrdStorageOptions withSamplesPerWrite(int n) {
        return new RrdStorageOptions(n, maxWriteDelay, writerThreads, maxSeriesPerPlugin, clock);
    }

    /**
     * @param config provider settings ({@code rrd.samples_per_write}, {@code rrd.max_write_delay},
     *     {@code rrd.writer_threads}, {@code max_series_per_plugin}) and clock
     * @return the options
     * @throws KuradoException naming the setting when a value is invalid
     */
    public static RrdStorageOptions from(ProviderConfig config) {
        return new RrdStorageOptions(config.getInt(SAMPLES_PER_WRITE, DEFAULT_SAMPLES_PER_WRITE),
                Duration.ofSeconds(config.getInt(MAX_WRITE_DELAY, (int) DEFAULT_MAX_WRITE_DELAY.toSeconds())),
                config.getInt(WRITER_THREADS, defaultWriters()),
                config.getInt(MAX_SERIES_PER_PLUGIN, DEFAULT_MAX_SERIES_PER_PLUGIN), config.clock());
    }

    private static int defaultWriters() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }
}
