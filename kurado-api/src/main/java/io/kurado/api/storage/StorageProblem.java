package io.kurado.api.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * Something wrong with the storage of one series, for the people who run the server: a write that
 * keeps failing (the disk is full, the file cannot be written), or a fault the storage recovered
 * from but that cost data (a broken file moved aside).
 *
 * @param series the series
 * @param message what is wrong, in words, naming the file relative to the data directory
 * @param since when it began (or happened)
 * @param ongoing true while writes of the series fail; false for something that happened
 * @since 0.1
 */
public record StorageProblem(SeriesRef series, String message, Instant since, boolean ongoing) {
    /** Validates the fields. */
    public StorageProblem {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(since, "since");
    }
}
