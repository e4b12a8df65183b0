package io.kurado.api.coordination;

import io.kurado.api.ProviderConfig;

/**
 * Creates a {@link Coordination}. Found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.kurado.api.coordination.CoordinationProvider}); stateless.
 *
 * @since 0.1
 */
public interface CoordinationProvider {
    /** @return the provider's id ({@code redis}, {@code memory}), chosen like the queue's */
    String id();

    /**
     * @param config the settings, data directory and clock
     * @return a new coordination, owned by the caller
     */
    Coordination create(ProviderConfig config);
}
