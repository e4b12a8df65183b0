package io.kurado.rrd;

import io.kurado.api.ProviderConfig;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.StorageProvider;

/**
 * Provides {@link RrdStorage} under the id {@code rrd}. Settings: {@code rrd.open_files} (the
 * most files kept open, default as many as the kernel allows) and {@code rrd.backend}
 * ({@code mmap}, {@code file} or {@code auto}).
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
