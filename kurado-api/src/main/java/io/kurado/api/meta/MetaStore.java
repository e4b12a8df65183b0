package io.kurado.api.meta;

import io.kurado.api.KuradoException;
import io.kurado.api.PluginRef;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
     * The last-received time alone, for the host status of many hosts at once (the index, the
     * alerts): a store where it is cheaper than {@link #read} answers it on its own.
     *
     * @param address the host address
     * @param plugin the plugin
     * @return when data of this plugin last arrived, if ever
     */
    default Optional<Instant> lastReceived(String address, PluginRef plugin) {
        return read(address, plugin).lastReceived();
    }

    /**
     * @param address the host address
     * @return true when any plugin of the host had a warning in the last five minutes
     */
    boolean hasWarning(String address);

    /**
     * Reads a namespace of small state values that every server sharing this store sees (the
     * alerts' state, their outbox, the silences), so that a restart or another server carries on
     * where one stopped.
     *
     * @param namespace the namespace, e.g. {@code alerts}
     * @return its fields and values; empty when it holds none
     * @throws KuradoException when the store cannot be read, or keeps no state
     */
    default Map<String, String> readState(String namespace) {
        throw new KuradoException(getClass().getSimpleName() + " keeps no state; use the in-memory or the Redis meta store");
    }

    /**
     * Sets and removes fields of a namespace of state values. The namespace's other fields are left
     * as they are.
     *
     * @param namespace the namespace
     * @param put fields to set, with their values
     * @param remove fields to remove
     * @throws KuradoException when the store cannot be written, or keeps no state
     */
    default void writeState(String namespace, Map<String, String> put, Set<String> remove) {
        throw new KuradoException(getClass().getSimpleName() + " keeps no state; use the in-memory or the Redis meta store");
    }

    /**
     * Sets one field of a namespace of state values only if it holds what the caller read, in one
     * step that no other server can interleave with: what several servers change together (the
     * shard map of a group of servers) is changed this way.
     *
     * @param namespace the namespace
     * @param field the field
     * @param expected what the field must hold now; empty when it must not exist
     * @param value what it is set to
     * @return true when it was set; false when it held something else
     * @throws KuradoException when the store cannot be written, or keeps no state
     * @since 0.2
     */
    default boolean compareAndSetState(String namespace, String field, Optional<String> expected, String value) {
        throw new KuradoException(getClass().getSimpleName() + " keeps no state; use the in-memory or the Redis meta store");
    }

    /** Releases connections. */
    @Override
    void close();
}
