package io.kurado.api.queue;

import io.kurado.api.KuradoException;

/**
 * A queue could not accept or deliver messages (unreachable server, full buffer).
 *
 * @since 0.1
 */
public class QueueException extends KuradoException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public QueueException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public QueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
