package io.kurado.core.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response: status, content type, extra headers and body. The body array is handed over,
 * not copied; nobody changes it afterwards.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}, with a charset for text
 * @param headers extra headers by name
 * @param body the body, empty for 304
 */
public record WebResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    static final String HTML = "text/html; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";

    /** Validates the fields and copies the headers. */
    public WebResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status + " is not an HTTP status");
        }
        Objects.requireNonNull(contentType, "contentType");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /**
     * @param html a page
     * @return 200 with the page
     */
    public static WebResponse html(String html) {
        return new WebResponse(200, HTML, Map.of("Cache-Control", "no-cache"), utf8(html));
    }

    /**
     * @param status the status
     * @param text a message
     * @return the message as plain text
     */
    public static WebResponse text(int status, String text) {
        return new WebResponse(status, TEXT, Map.of("Cache-Control", "no-cache"), utf8(text));
    }

    /**
     * @param json a JSON document
     * @return 200 with the document
     */
    public static WebResponse json(String json) {
        return new WebResponse(200, JSON, Map.of("Cache-Control", "no-cache"), utf8(json));
    }

    /**
     * @param contentType the type
     * @param body the bytes
     * @return 200 with the bytes
     */
    public static WebResponse bytes(String contentType, byte[] body) {
        return new WebResponse(200, contentType, Map.of(), body);
    }

    /**
     * @param name a header
     * @param value its value
     * @return a copy with the header set
     */
    public WebResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new WebResponse(status, contentType, h, body);
    }

    /** @return the body read as UTF-8, for tests and logs */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
