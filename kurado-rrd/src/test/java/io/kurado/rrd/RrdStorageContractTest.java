package io.kurado.rrd;

import io.kurado.api.storage.Storage;
import io.kurado.core.contract.StorageContract;
import java.nio.file.Path;
import java.time.InstantSource;

/** The storage contract against RRD files on disk, written as the server writes them (ten samples a write). */
class RrdStorageContractTest extends StorageContract {
    @Override
    protected Storage newStorage(Path dir) {
        return new RrdStorage(dir, RrdStorageOptions.defaults(InstantSource.system()));
    }
}
