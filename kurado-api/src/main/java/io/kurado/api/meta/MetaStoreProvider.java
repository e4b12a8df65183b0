package io.kurado.api.meta;

import io.kurado.api.ProviderConfig;

/**
 * Creates a {@link MetaStore}. Found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.kurado.api.meta.MetaStoreProvider}); stateless.
 *
 * @since 0.1
 */
public interface MetaStoreProvider {
    /** @return the provider's id ({@code redis}, {@code memory}) */
    String id();

    /**
     * @param config the settings, data directory and clock
     * @return a new meta store, owned by the caller
     */
    MetaStore create(ProviderConfig config);
}
