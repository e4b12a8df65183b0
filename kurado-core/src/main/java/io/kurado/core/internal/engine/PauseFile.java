package io.kurado.core.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The original's pause switch: while {@code <data_dir>/stop} exists and was modified less than five
 * minutes ago, updates wait (batches stay on the queue). An older file is ignored, so a forgotten
 * one cannot stop updates for good.
 */
final class PauseFile {
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final Path file;
    private final InstantSource clock;

    PauseFile(Path dataDir, InstantSource clock) {
        this.file = dataDir.resolve("stop");
        this.clock = clock;
    }

    Path path() {
        return file;
    }

    boolean isPaused() {
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            return clock.millis() - modified < MAX_AGE.toMillis();
        } catch (IOException e) {
            return false;
        }
    }
}
