package io.kurado.api.storage;

/**
 * How the points of a series are combined into one per step: the consolidation functions of an
 * RRD archive, as a {@code DEF} names them.
 *
 * @since 0.1
 */
public enum Consolidation {
    /** The mean. */
    AVERAGE,
    /** The smallest. */
    MIN,
    /** The largest. */
    MAX,
    /** The newest. */
    LAST
}
