package io.kurado.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a configuration, and where.
 *
 * @param file the file it is in
 * @param line the line, counting from 1; 0 when unknown
 * @param message what is wrong
 */
public record ConfigProblem(Path file, int line, String message) {
    /** Validates the fields. */
    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** @return {@code file:line: message} */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
