/**
 * How Kurado's components tell what they count to a metrics library, without depending on one:
 * a component that counts is a {@link io.kurado.api.metrics.MeterSource}, and binds its figures to
 * the {@link io.kurado.api.metrics.Meters} an application gives it (the daemon's is Micrometer's
 * Prometheus registry).
 */
package io.kurado.api.metrics;
