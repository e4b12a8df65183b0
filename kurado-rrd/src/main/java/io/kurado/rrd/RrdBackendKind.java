package io.kurado.rrd;

import java.util.Locale;
import java.util.Optional;

/**
 * How an open RRD file is held in memory.
 *
 * @since 0.1
 */
public enum RrdBackendKind {
    /**
     * The file is memory-mapped and its descriptor closed at once: an open file costs one kernel
     * mapping ({@code vm.max_map_count}) and no file descriptor. The fastest choice.
     */
    MMAP,
    /**
     * The file is read and written through a {@link java.io.RandomAccessFile}: an open file costs
     * one file descriptor ({@code ulimit -n}) and no mapping.
     */
    FILE;

    /**
     * @param name {@code mmap}, {@code file}, case-insensitive
     * @return the kind, or empty when the name is none of them
     */
    public static Optional<RrdBackendKind> parse(String name) {
        switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "mmap":
            case "nio":
                return Optional.of(MMAP);
            case "file":
                return Optional.of(FILE);
            default:
                return Optional.empty();
        }
    }
}
