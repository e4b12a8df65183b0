package io.kurado.api.storage;

/**
 * Which points {@link Storage#read(SeriesQuery)} answers with, for a store that keeps a series at
 * several steps (an RRD file keeps minutes for two days, five minutes for ten days, hours, days).
 *
 * @since 0.1
 */
public enum Detail {
    /**
     * One step for the whole window: the step kept closest to the query's resolution among those
     * that reach back to the window's start, else the one that reaches furthest back. This is
     * rrdtool's choice, and what the original's graphs drew.
     */
    RESOLUTION,
    /**
     * The finest points kept, wherever they reach; coarser points only for the part of the window
     * that the finer ones do not reach back to. The answer is at the finest step: a coarser point
     * is repeated over each finer step it covers. A series that began a minute ago so has its
     * first minute in the answer, whatever the window.
     */
    FINEST
}
