package io.kurado.core.engine;

import java.time.Duration;

/**
 * What the engine has done since it started, for the status page and for monitoring Kurado itself.
 *
 * @param samplesWritten samples stored
 * @param samplesSkipped samples dropped because they were not newer than their series
 * @param samplesFailed samples storage could not write
 * @param linesRejected malformed lines, lines longer than the limit, lines whose address or key is not UTF-8
 * @param samplesInFuture samples rejected for a timestamp too far ahead of the server's clock
 * @param batchesRejected batches rejected whole for being larger than the limit
 * @param batchesWritten update batches written and acknowledged
 * @param fetchesRun fetches finished, successful or not
 * @param fetchesFailed fetches that threw
 * @param fetchesTimedOut fetches cut by their deadline
 * @param rounds scheduler rounds that enqueued jobs
 * @param roundsSkipped scheduler rounds skipped because the previous one was still being worked
 * @param lastRoundJobs jobs enqueued by the last round
 * @param lastRoundDuration time from the start of the last round to its last finished fetch
 * @param updateQueueDepth batches waiting on the update queue, or -1 when unknown
 * @param fetchQueueDepth jobs waiting on the fetch queue, or -1 when unknown
 * @param lagMillis how old the newest sample of the last written batch was when written
 * @param storageSamplesLost samples the storage had accepted and then lost (a journal found damaged
 *     at start; see {@link io.kurado.api.storage.Storage#samplesLost()})
 */
public record EngineStats(
        long samplesWritten,
        long samplesSkipped,
        long samplesFailed,
        long linesRejected,
        long samplesInFuture,
        long batchesRejected,
        long batchesWritten,
        long fetchesRun,
        long fetchesFailed,
        long fetchesTimedOut,
        long rounds,
        long roundsSkipped,
        long lastRoundJobs,
        Duration lastRoundDuration,
        long updateQueueDepth,
        long fetchQueueDepth,
        long lagMillis,
        long storageSamplesLost) {

    /** The figures of an engine whose storage has lost nothing. */
    public EngineStats(long samplesWritten, long samplesSkipped, long samplesFailed, long linesRejected, long samplesInFuture,
            long batchesRejected, long batchesWritten, long fetchesRun, long fetchesFailed, long fetchesTimedOut, long rounds,
            long roundsSkipped, long lastRoundJobs, Duration lastRoundDuration, long updateQueueDepth, long fetchQueueDepth,
            long lagMillis) {
        this(samplesWritten, samplesSkipped, samplesFailed, linesRejected, samplesInFuture, batchesRejected, batchesWritten,
                fetchesRun, fetchesFailed, fetchesTimedOut, rounds, roundsSkipped, lastRoundJobs, lastRoundDuration,
                updateQueueDepth, fetchQueueDepth, lagMillis, 0);
    }
}
