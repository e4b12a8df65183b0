package io.kurado.rrd;

import io.kurado.api.ProviderConfig;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.StorageProvider;

/**
 * Provides {@link RrdStorage} under the id {@code rrd}. Settings: {@code rrd.samples_per_write}
 * (default 10), {@code rrd.max_write_delay} (seconds, default 600) and {@code rrd.writer_threads}
 * (default one per processor, at most 8); see {@link RrdStorageOptions}.
 *
 * @since 0.1
 */
public final class RrdStorageProvider implements StorageProvider {
    /** The provider's id. */
    public static final String ID = "rrd";

    /** Creates the provider; it holds no state. */
    public RrdStorageProvider() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Storage create(ProviderConfig config) {
        return new RrdStorage(config.dataDir(), RrdStorageOptions.from(config));
    }
}
