package io.kurado.api.queue;

import io.kurado.api.ProviderConfig;

/**
 * Creates a {@link Queue}. Found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.kurado.api.queue.QueueProvider}); stateless.
 *
 * @since 0.1
 */
public interface QueueProvider {
    /** @return the provider's id ({@code redis}, {@code memory}) */
    String id();

    /**
     * @param config the settings, data directory and clock
     * @return a new queue, owned by the caller
     */
    Queue create(ProviderConfig config);
}
