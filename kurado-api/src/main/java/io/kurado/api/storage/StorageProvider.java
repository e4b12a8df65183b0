package io.kurado.api.storage;

import io.kurado.api.ProviderConfig;

/**
 * Creates a {@link Storage}. Found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.kurado.api.storage.StorageProvider}); stateless.
 *
 * @since 0.1
 */
public interface StorageProvider {
    /** @return the provider's id, which configuration uses to choose it ({@code rrd}) */
    String id();

    /**
     * @param config the settings, data directory and clock
     * @return a new storage, owned by the caller
     */
    Storage create(ProviderConfig config);
}
