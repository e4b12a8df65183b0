package io.kurado.core.web;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The line and headers of a request read off a connection, before its body.
 *
 * @param method the method, upper case
 * @param target the request target as sent ({@code /server?address=...})
 * @param http10 whether the client speaks HTTP/1.0 (its connection is closed after the answer)
 * @param headers header values by lower-case name (the last one when repeated)
 * @param length the body's length from {@code Content-Length}, 0 without one
 */
record HttpHead(String method, String target, boolean http10, Map<String, String> headers, int length) {
    /** Validates the fields and copies the headers. */
    HttpHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = Map.copyOf(headers);
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, got " + length);
        }
    }

    /**
     * @param name a lower-case header name
     * @return its value
     */
    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** @return whether the connection stays open after the answer */
    boolean keepAlive() {
        String c = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        return !http10 && !c.contains("close");
    }

    /** @return whether the client waits for {@code 100 Continue} before it sends the body */
    boolean expectsContinue() {
        return !http10 && headers.getOrDefault("expect", "").equalsIgnoreCase("100-continue");
    }
}
