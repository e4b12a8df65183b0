package io.kurado.api.meta;

import io.kurado.api.PluginRef;

/**
 * Meta values, warnings and last-received times per host and plugin, with the expiries of the
 * original (meta one hour, warnings five minutes).
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public interface MetaStore extends AutoCloseable {
    /**
     * Stores one batch's meta values, warnings and arrival times.
     *
     * @param write what to store
     */
    void write(MetaWrite write);

    /**
     * @param address the host address
     * @param plugin the plugin
     * @return the live meta values, warnings and last-received time
     */
    PluginState read(String address, PluginRef plugin);

    /**
     * @param address the host address
     * @return true when any plugin of the host had a warning in the last five minutes
     */
    boolean hasWarning(String address);

    /** Releases connections. */
    @Override
    void close();
}
