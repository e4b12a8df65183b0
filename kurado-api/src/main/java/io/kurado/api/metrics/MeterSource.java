package io.kurado.api.metrics;

/**
 * Something that counts what it does (the engine, the web UI, a storage) and can tell a metrics
 * registry, as Micrometer's {@code MeterBinder} does, without depending on a metrics library.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface MeterSource {
    /**
     * Registers this component's counters, gauges and timers. Called once, before or while it runs.
     *
     * @param meters where to register them
     */
    void bindTo(Meters meters);
}
