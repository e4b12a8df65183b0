package io.kurado.plugins.base;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;

/**
 * Where the disk usage of a mount point comes from: the file system itself on a live host, a
 * table in tests.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DiskUsageSource {
    /**
     * @param mountPoint the mount point as {@code /proc/mounts} lists it ({@code /var})
     * @return its usage
     * @throws IOException when it cannot be measured
     */
    DiskUsage usage(String mountPoint) throws IOException;

    /**
     * Measures mount points with {@link FileStore} (statvfs) under a root.
     *
     * @param system the root the mount points are resolved under
     * @return the source
     */
    static DiskUsageSource fileStores(SystemRoot system) {
        return mountPoint -> {
            FileStore store = Files.getFileStore(system.resolve(mountPoint));
            return new DiskUsage(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
        };
    }
}
