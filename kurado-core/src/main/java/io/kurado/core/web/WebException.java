package io.kurado.core.web;

import io.kurado.api.KuradoException;

/** A request that cannot be answered normally: its status and a message for the person who sent it. */
public final class WebException extends KuradoException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status the HTTP status
     * @param message what is wrong, naming the parameter
     */
    public WebException(int status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * @param message what is wrong
     * @return a 400
     */
    public static WebException badRequest(String message) {
        return new WebException(400, message);
    }

    /**
     * @param message what was not found
     * @return a 404
     */
    public static WebException notFound(String message) {
        return new WebException(404, message);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }
}
