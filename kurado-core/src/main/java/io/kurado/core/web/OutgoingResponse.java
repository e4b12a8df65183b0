package io.kurado.core.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * A {@link WebResponse} as it goes on the wire, for either server: every header to send, the
 * security headers of pages included, and the body, gzipped when it is text over 2 KiB and the
 * client accepts gzip.
 *
 * @param status the HTTP status
 * @param headers every header by name, in order
 * @param body the bytes to send
 */
record OutgoingResponse(int status, Map<String, String> headers, byte[] body) {
    private static final int GZIP_OVER = 2048;
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

    /** Validates the fields. */
    OutgoingResponse {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(body, "body");
    }

    /**
     * @param resp what the page answered
     * @param acceptsGzip whether the request's {@code Accept-Encoding} names gzip
     * @return the response to send
     */
    static OutgoingResponse of(WebResponse resp, boolean acceptsGzip) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", resp.contentType());
        h.put("X-Content-Type-Options", "nosniff");
        if (resp.contentType().startsWith("text/html")) {
            h.put("Content-Security-Policy", CSP);
            h.put("Referrer-Policy", "same-origin");
        }
        h.putAll(resp.headers());
        byte[] body = resp.body();
        if (body.length >= GZIP_OVER && compressible(resp.contentType()) && acceptsGzip) {
            body = gzip(body);
            h.put("Content-Encoding", "gzip");
            h.put("Vary", "Accept-Encoding");
        }
        return new OutgoingResponse(resp.status(), h, body);
    }

    /**
     * @param acceptEncoding the request's {@code Accept-Encoding}, or null
     * @return whether it names gzip
     */
    static boolean acceptsGzip(String acceptEncoding) {
        return acceptEncoding != null && acceptEncoding.toLowerCase(java.util.Locale.ROOT).contains("gzip");
    }

    private static boolean compressible(String type) {
        return type.startsWith("text/") || type.startsWith("application/json");
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(buf, 8192)) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }
}
