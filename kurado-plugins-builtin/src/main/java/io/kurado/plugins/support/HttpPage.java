package io.kurado.plugins.support;

import java.util.Objects;
import java.util.Optional;

/**
 * A status page an HTTP plugin fetched through {@link HttpPages}.
 *
 * @param status the HTTP status code
 * @param body the body, decoded by its charset (UTF-8 unless the server says otherwise)
 * @param server the {@code Server} response header, if sent
 */
public record HttpPage(int status, String body, Optional<String> server) {
    /** Validates the fields. */
    public HttpPage {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(server, "server");
    }
}
