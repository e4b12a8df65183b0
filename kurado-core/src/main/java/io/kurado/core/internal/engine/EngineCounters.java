package io.kurado.core.internal.engine;

import io.kurado.api.metrics.DurationRecorder;
import io.kurado.api.metrics.MeterId;
import io.kurado.api.metrics.MeterSource;
import io.kurado.api.metrics.Meters;
import io.kurado.core.engine.EngineStats;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The engine's live counters, shared by its workers, for the status page and, {@linkplain #bindTo
 * bound} to meters, for monitoring Kurado itself.
 */
public final class EngineCounters implements MeterSource {
    private static final MeterId FETCH = MeterId.of("kurado_fetch_duration_seconds",
            "Time from taking a fetch job to its result, by plugin and outcome (success, failure, timeout).");

    final LongAdder samplesTaken = new LongAdder();
    final LongAdder batchesTaken = new LongAdder();
    final LongAdder samplesWritten = new LongAdder();
    final LongAdder samplesSkipped = new LongAdder();
    final LongAdder samplesFailed = new LongAdder();
    final LongAdder linesRejected = new LongAdder();
    final LongAdder samplesInFuture = new LongAdder();
    final LongAdder batchesRejected = new LongAdder();
    final LongAdder batchesWritten = new LongAdder();
    final LongAdder fetchesRun = new LongAdder();
    final LongAdder fetchesFailed = new LongAdder();
    final LongAdder fetchesTimedOut = new LongAdder();
    final LongAdder rounds = new LongAdder();
    final LongAdder roundsSkipped = new LongAdder();
    final AtomicLong lastRoundJobs = new AtomicLong();
    final AtomicLong roundStartMillis = new AtomicLong();
    final AtomicLong lastFetchDoneMillis = new AtomicLong();
    final AtomicLong lagMillis = new AtomicLong();
    private volatile Meters meters = Meters.none();
    private final Map<String, DurationRecorder> fetchTimers = new ConcurrentHashMap<>();

    /**
     * Records how long a fetch took.
     *
     * @param plugin the plugin's name (not its arguments, which could be many)
     * @param outcome {@code success}, {@code failure} or {@code timeout}
     * @param nanos how long
     */
    void fetched(String plugin, String outcome, long nanos) {
        Meters m = meters;
        if (m == Meters.none()) {
            return;
        }
        fetchTimers.computeIfAbsent(plugin + '\t' + outcome, k -> m.timer(FETCH.tag("plugin", plugin).tag("outcome", outcome)))
                .record(nanos);
    }

    /**
     * Registers the engine's counters: samples and batches taken, rejected and written, fetches,
     * scheduler rounds, lag; and makes fetches record their durations.
     */
    @Override
    public void bindTo(Meters meters) {
        this.meters = meters;
        fetchTimers.clear();
        counter(meters, "kurado_samples_taken_total", "Samples taken off the update queue.", samplesTaken::sum);
        counter(meters, "kurado_samples_written_total", "Samples stored.", samplesWritten::sum);
        counter(meters, "kurado_samples_skipped_total", "Samples not newer than their series' last update, so not stored.",
                samplesSkipped::sum);
        counter(meters, "kurado_samples_failed_total", "Samples the storage could not write.", samplesFailed::sum);
        String rejected = "Lines or samples rejected: malformed or too long lines, samples stamped too far ahead.";
        meters.counter(new MeterId("kurado_samples_rejected_total", rejected, Map.of("reason", "malformed")), linesRejected::sum);
        meters.counter(new MeterId("kurado_samples_rejected_total", rejected, Map.of("reason", "future")), samplesInFuture::sum);
        counter(meters, "kurado_batches_taken_total", "Batches taken off the update queue.", batchesTaken::sum);
        counter(meters, "kurado_batches_written_total", "Batches written and acknowledged.", batchesWritten::sum);
        counter(meters, "kurado_batches_rejected_total", "Batches rejected whole for being larger than max_batch_bytes.",
                batchesRejected::sum);
        counter(meters, "kurado_scheduler_rounds_total", "Scheduler rounds that enqueued fetch jobs.", rounds::sum);
        counter(meters, "kurado_scheduler_rounds_skipped_total", "Scheduler rounds skipped while the previous one was still worked.",
                roundsSkipped::sum);
        meters.gauge(MeterId.of("kurado_scheduler_last_round_jobs", "Fetch jobs enqueued by the last round."), lastRoundJobs::get);
        meters.gauge(MeterId.of("kurado_scheduler_last_round_duration_seconds",
                "Time from the start of the last round to its last finished fetch."),
                () -> Math.max(0, lastFetchDoneMillis.get() - roundStartMillis.get()) / 1000.0);
        meters.gauge(MeterId.of("kurado_update_lag_seconds", "How old the newest sample of the last written batch was when written."),
                () -> lagMillis.get() / 1000.0);
    }

    private static void counter(Meters meters, String name, String help, LongSupplier count) {
        meters.counter(MeterId.of(name, help), count);
    }

    /**
     * @param updateDepth batches waiting, or -1
     * @param fetchDepth jobs waiting, or -1
     * @return a snapshot
     */
    public EngineStats snapshot(long updateDepth, long fetchDepth) {
        return snapshot(updateDepth, fetchDepth, 0);
    }

    /**
     * @param updateDepth batches waiting, or -1
     * @param fetchDepth jobs waiting, or -1
     * @param storageSamplesLost what the storage says it lost
     * @return a snapshot
     */
    public EngineStats snapshot(long updateDepth, long fetchDepth, long storageSamplesLost) {
        return new EngineStats(
                samplesWritten.sum(),
                samplesSkipped.sum(),
                samplesFailed.sum(),
                linesRejected.sum(),
                samplesInFuture.sum(),
                batchesRejected.sum(),
                batchesWritten.sum(),
                fetchesRun.sum(),
                fetchesFailed.sum(),
                fetchesTimedOut.sum(),
                rounds.sum(),
                roundsSkipped.sum(),
                lastRoundJobs.get(),
                Duration.ofMillis(Math.max(0, lastFetchDoneMillis.get() - roundStartMillis.get())),
                updateDepth,
                fetchDepth,
                lagMillis.get(),
                storageSamplesLost);
    }
}
