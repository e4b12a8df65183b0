package io.kurado.api.coordination;

import io.kurado.api.KuradoException;

/**
 * The coordination backend could not be reached or answered something unexpected.
 *
 * @since 0.1
 */
public class CoordinationException extends KuradoException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
