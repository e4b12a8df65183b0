package io.kurado.api.alert;

/** A notification was not delivered. */
public class NotifierException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    /**
     * @param message why, in words (never a password or secret)
     * @param retryable whether sending again may succeed (a 5xx or a timeout) or not (a 4xx: the
     *     receiver refuses this notification)
     */
    public NotifierException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /**
     * @param message why, in words
     * @param retryable whether sending again may succeed
     * @param cause what failed
     */
    public NotifierException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** @return whether sending again may succeed */
    public boolean retryable() {
        return retryable;
    }
}
