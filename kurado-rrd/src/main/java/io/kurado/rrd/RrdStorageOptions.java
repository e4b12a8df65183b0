package io.kurado.rrd;

import io.kurado.api.KuradoException;
import io.kurado.api.ProviderConfig;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link RrdStorage} runs.
 *
 * @param openFiles the most RRD files kept open; lowered to what the kernel limits allow
 * @param backend how open files are held, or empty to choose by the limits
 * @param clock the clock that dates new files
 * @since 0.1
 */
public record RrdStorageOptions(int openFiles, Optional<RrdBackendKind> backend, InstantSource clock) {
    /** The setting that bounds the open files ({@code rrd.open_files}). */
    public static final String OPEN_FILES = "rrd.open_files";
    /** The setting that chooses the backend ({@code rrd.backend}: {@code mmap} or {@code file}). */
    public static final String BACKEND = "rrd.backend";

    /** Validates the fields. */
    public RrdStorageOptions {
        if (openFiles < 1) {
            throw new KuradoException("setting '" + OPEN_FILES + "' must be at least 1, not " + openFiles);
        }
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param clock the clock
     * @return the defaults: as many open files as the kernel allows, backend chosen by the limits
     */
    public static RrdStorageOptions defaults(InstantSource clock) {
        return new RrdStorageOptions(RrdFiles.DEFAULT_CAPACITY, Optional.empty(), clock);
    }

    /**
     * @param config provider settings ({@code rrd.open_files}, {@code rrd.backend}) and clock
     * @return the options
     * @throws KuradoException naming the setting when a value is invalid
     */
    public static RrdStorageOptions from(ProviderConfig config) {
        int open = config.getInt(OPEN_FILES, RrdFiles.DEFAULT_CAPACITY);
        Optional<RrdBackendKind> backend = Optional.empty();
        Optional<String> b = config.get(BACKEND);
        if (b.isPresent() && !b.get().strip().equalsIgnoreCase("auto")) {
            backend = Optional.of(RrdBackendKind.parse(b.get()).orElseThrow(() -> new KuradoException(
                    "setting '" + BACKEND + "' must be mmap, file or auto, not '" + b.get() + "'")));
        }
        return new RrdStorageOptions(open, backend, config.clock());
    }
}
