/** The daemon's own metrics: Kurado's meters on Micrometer's Prometheus registry, served at {@code /metrics}. */
package io.kurado.examples.metrics;
