package io.kurado.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The two percent-escapings of the original Kurado, byte for byte.
 *
 * <ul>
 *   <li>{@link #escapeIdentifier}: every byte outside {@code [A-Za-z0-9_-]} becomes {@code %XX}
 *       (upper-case hex). Used for plugin identifiers in directory names, Redis keys and line
 *       prefixes: {@code http:80} becomes {@code http%3A80}.
 *   <li>{@link #escapeKey}: every byte outside the RFC 3986 unreserved set
 *       {@code [A-Za-z0-9-._~]} becomes {@code %XX}. Used for metric keys in RRD file names:
 *       {@code heap_memory_usage.max.gauge} stays as it is.
 * </ul>
 *
 * <p>Both work on the UTF-8 bytes of the text. {@link #unescape} reverses either.
 *
 * @since 0.1
 */
public final class Escaping {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Escaping() {}

    /**
     * Escapes a plugin identifier as the original does for directory names and key prefixes.
     *
     * @param identifier for example {@code nginx:8080:/nginx_status}
     * @return for example {@code nginx%3A8080%3A%2Fnginx_status}
     */
    public static String escapeIdentifier(String identifier) {
        return escape(identifier, false);
    }

    /**
     * Escapes a metric key as URI::Escape does by default (unreserved characters kept).
     *
     * @param key for example {@code client-http.requests.derive}
     * @return the key with every other byte as {@code %XX}
     */
    public static String escapeKey(String key) {
        return escape(key, true);
    }

    /**
     * Decodes every {@code %XX} sequence; anything else, including a {@code %} not followed by
     * two hex digits, is kept as it is. The result is read as UTF-8.
     *
     * @param text escaped text
     * @return the decoded text
     */
    public static String unescape(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '%' && i + 2 < in.length) {
                Optional<Integer> v = hexByte(in[i + 1], in[i + 2]);
                if (v.isPresent()) {
                    out.write(v.get());
                    i += 2;
                    continue;
                }
            }
            out.write(b);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Optional<Integer> hexByte(byte hi, byte lo) {
        int h = Character.digit(hi, 16);
        int l = Character.digit(lo, 16);
        return h < 0 || l < 0 ? Optional.empty() : Optional.of(h * 16 + l);
    }

    private static String escape(String text, boolean keepUnreserved) {
        boolean clean = true;
        for (int i = 0; i < text.length(); i++) {
            if (!isKept(text.charAt(i), keepUnreserved)) {
                clean = false;
                break;
            }
        }
        if (clean) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            char c = (char) (b & 0xFF);
            if (isKept(c, keepUnreserved)) {
                sb.append(c);
            } else {
                sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return sb.toString();
    }

    private static boolean isKept(char c, boolean keepUnreserved) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
            return true;
        }
        return keepUnreserved && (c == '.' || c == '~');
    }
}
