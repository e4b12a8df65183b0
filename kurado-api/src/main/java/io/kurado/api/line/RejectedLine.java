package io.kurado.api.line;

import java.util.Objects;

/**
 * A malformed line of a batch, with where it was and why it was rejected.
 *
 * @param lineNumber the line's number in its batch, counting from 1
 * @param line the line as received
 * @param reason what is wrong with it
 * @since 0.1
 */
public record RejectedLine(int lineNumber, String line, String reason) {
    /** Validates the fields. */
    public RejectedLine {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * @return {@code line N: reason: 'text'}, the text cut to a short prefix with its control
     *     characters escaped ({@link Excerpt}), safe to log
     */
    @Override
    public String toString() {
        return "line " + lineNumber + ": " + reason + ": '" + Excerpt.of(line) + "'";
    }
}
