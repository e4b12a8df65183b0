package io.kurado.api;

/**
 * The root of every exception that Kurado throws on purpose. Unchecked: callers catch it where
 * they can do something about it.
 *
 * @since 0.1
 */
public class KuradoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, for a person to read */
    public KuradoException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for a person to read
     * @param cause the underlying failure
     */
    public KuradoException(String message, Throwable cause) {
        super(message, cause);
    }
}
