package io.kurado.core.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and parses an HTTP/1.1 request's line and headers in the bytes received so far. Bad input
 * is a {@link WebException} with the status to answer: 400 for a malformed line or header, 431 for
 * headers over {@link #MAX_HEAD} bytes, 413 for a body over {@link #MAX_BODY}, 501 for a chunked
 * body.
 */
final class RequestReader {
    /** The most bytes a request's line and headers may take. */
    static final int MAX_HEAD = 16 * 1024;
    /** The largest body accepted (forms of addresses). */
    static final int MAX_BODY = 1 << 20;

    private RequestReader() {}

    /**
     * @param buf the bytes received
     * @param from where the request starts
     * @param to where the bytes received end
     * @return the index just past the blank line ending the headers, when it has arrived
     * @throws WebException (431) when no blank line is within {@link #MAX_HEAD} bytes
     */
    static int headEnd(byte[] buf, int from, int to) {
        int limit = Math.min(to, from + MAX_HEAD);
        for (int i = from; i < limit; i++) {
            if (buf[i] == '\n') {
                if (i + 1 < to && buf[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        if (to - from >= MAX_HEAD) {
            throw new WebException(431, "request headers larger than " + MAX_HEAD + " bytes");
        }
        return -1;
    }

    /**
     * @param buf the bytes received
     * @param from where the request starts
     * @param end what {@link #headEnd} found
     * @return the request's line and headers
     * @throws WebException (400, 413, 501) for what cannot be served
     */
    static HttpHead head(byte[] buf, int from, int end) {
        String text = new String(buf, from, end - from, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n");
        int first = 0;
        while (first < lines.length && lines[first].isEmpty()) {
            first++;
        }
        if (first == lines.length) {
            throw WebException.badRequest("empty request");
        }
        String[] parts = lines[first].split(" ");
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
            throw WebException.badRequest("malformed request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = first + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw WebException.badRequest("malformed header line");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new WebException(501, "request bodies in chunks are not accepted; send Content-Length");
        }
        int length = length(Optional.ofNullable(headers.get("content-length")));
        return new HttpHead(parts[0].toUpperCase(Locale.ROOT), parts[1], parts[2].equals("HTTP/1.0"), headers, length);
    }

    private static int length(Optional<String> header) {
        if (header.isEmpty()) {
            return 0;
        }
        long n;
        try {
            n = Long.parseLong(header.get());
        } catch (NumberFormatException e) {
            throw WebException.badRequest("malformed Content-Length");
        }
        if (n < 0) {
            throw WebException.badRequest("malformed Content-Length");
        }
        if (n > MAX_BODY) {
            throw new WebException(413, "request body larger than " + MAX_BODY + " bytes");
        }
        return (int) n;
    }
}
