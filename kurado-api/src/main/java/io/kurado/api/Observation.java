package io.kurado.api;

/**
 * One line of the Kurado line format once decoded: a metric sample, a meta value or a warning,
 * always about one plugin of one host at one time.
 *
 * @since 0.1
 */
public sealed interface Observation permits Sample, Meta, Warning {
    /** @return the host address, the first column of the line */
    String address();

    /** @return the plugin the line belongs to */
    PluginRef plugin();

    /** @return the time of the observation in epoch seconds */
    long timestamp();
}
