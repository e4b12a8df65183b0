package io.kurado.plugins.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP/1.x answer read from a connection: the status, the headers (names in lower case, the
 * first of each) and the body, decoded by the charset of {@code Content-Type} (UTF-8 by default).
 *
 * @param status the status code
 * @param headers the headers by lower-case name
 * @param body the body
 */
record HttpAnswer(int status, Map<String, String> headers, String body) {
    HttpAnswer {
        headers = Map.copyOf(headers);
    }

    Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    /**
     * @param bytes what has arrived so far
     * @param atEnd whether the server has closed the connection (the body ends there when it has
     *     neither a length nor chunks)
     * @return the answer once it is complete
     * @throws IOException when what arrived is not an HTTP answer
     */
    static Optional<HttpAnswer> parse(byte[] bytes, boolean atEnd) throws IOException {
        int start = 0;
        while (true) {
            int headEnd = indexOf(bytes, start, "\r\n\r\n");
            if (headEnd < 0) {
                return Optional.empty();
            }
            String[] lines = new String(bytes, start, headEnd - start, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new IOException("the answer is not HTTP: " + abbreviate(lines[0]));
            }
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                throw new IOException("the answer's status is not a number: " + abbreviate(lines[0]));
            }
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
                }
            }
            int bodyStart = headEnd + 4;
            if (status / 100 == 1) {
                start = bodyStart; // 100 Continue and the like: the answer follows
                continue;
            }
            Charset charset = charset(headers.get("content-type"));
            String te = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
            if (te.contains("chunked")) {
                return dechunk(bytes, bodyStart).map(b -> new HttpAnswer(status, headers, new String(b, charset)));
            }
            String length = headers.get("content-length");
            if (length != null) {
                long n;
                try {
                    n = Long.parseLong(length.strip());
                } catch (NumberFormatException e) {
                    throw new IOException("the answer's Content-Length is not a number: " + abbreviate(length));
                }
                if (bytes.length - bodyStart < n) {
                    if (atEnd) {
                        throw new IOException("the connection closed after " + (bytes.length - bodyStart) + " of " + n
                                + " bytes of the answer");
                    }
                    return Optional.empty();
                }
                return Optional.of(new HttpAnswer(status, headers, new String(bytes, bodyStart, (int) n, charset)));
            }
            return atEnd ? Optional.of(new HttpAnswer(status, headers, new String(bytes, bodyStart, bytes.length - bodyStart, charset)))
                    : Optional.empty();
        }
    }

    private static Optional<byte[]> dechunk(byte[] bytes, int from) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = indexOf(bytes, at, "\r\n");
            if (lineEnd < 0) {
                return Optional.empty();
            }
            String sizeText = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semi = sizeText.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi < 0 ? sizeText : sizeText.substring(0, semi)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("a chunk of the answer has no size: " + abbreviate(sizeText));
            }
            int data = lineEnd + 2;
            if (size == 0) {
                return Optional.of(out.toByteArray()); // trailers, if any, are not needed
            }
            if (bytes.length < data + size + 2) {
                return Optional.empty();
            }
            out.write(bytes, data, (int) size);
            at = data + (int) size + 2;
        }
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String p = part.strip();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").strip());
                    } catch (RuntimeException unknown) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static int indexOf(byte[] b, int from, String what) {
        byte[] w = what.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i <= b.length - w.length; i++) {
            for (int j = 0; j < w.length; j++) {
                if (b[i + j] != w[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
