package io.kurado.core.internal.engine;

import io.kurado.core.engine.EngineStats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The engine's live counters, shared by its workers. */
public final class EngineCounters {
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
