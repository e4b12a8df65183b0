package io.kurado.plugins.base;

/**
 * The size of a mounted file system, in bytes, as {@code statvfs} gives it.
 *
 * @param totalBytes the size of the file system
 * @param freeBytes the free space, including what only root may use
 * @param availableBytes the space available to unprivileged users
 * @since 0.1
 */
public record DiskUsage(long totalBytes, long freeBytes, long availableBytes) {
    /** Validates the fields. */
    public DiskUsage {
        if (totalBytes < 0 || freeBytes < 0 || availableBytes < 0) {
            throw new IllegalArgumentException("disk usage must not be negative");
        }
    }

    /** @return the used space in 1K blocks, as {@code df} shows it (rounded up) */
    public long usedKiB() {
        return ceilKiB(Math.max(0, totalBytes - freeBytes));
    }

    /** @return the available space in 1K blocks, as {@code df} shows it (rounded up) */
    public long availableKiB() {
        return ceilKiB(availableBytes);
    }

    private static long ceilKiB(long bytes) {
        return (bytes + 1023) / 1024;
    }
}
