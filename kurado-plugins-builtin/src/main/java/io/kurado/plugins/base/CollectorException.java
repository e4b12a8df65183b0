package io.kurado.plugins.base;

/**
 * A collector could not read what it needs. Its message becomes the text of the
 * {@code base.warn.<collector>} line, so it says what failed in one line.
 *
 * @since 0.1
 */
public class CollectorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, in one line */
    public CollectorException(String message) {
        super(message);
    }
}
