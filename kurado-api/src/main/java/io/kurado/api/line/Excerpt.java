package io.kurado.api.line;

/**
 * Text received from outside, made safe to quote in a log line or an error message: cut to a
 * short prefix, with every control character written as an escape, so that a hostile line can
 * neither flood a log nor forge log lines, move the cursor or change a terminal's state.
 *
 * <p>Tab, carriage return and newline become {@code \t}, {@code \r} and {@code \n}; every other
 * control character (C0, DEL, C1), the line and paragraph separators and the invisible format
 * characters (bidirectional overrides, zero-width characters) and lone surrogates become
 * {@code \xNN} or {@code &#92;uNNNN}. Text longer than the limit is cut and says how much was left out.
 *
 * @since 0.1
 */
public final class Excerpt {
    /** The default number of characters kept. */
    public static final int DEFAULT_LENGTH = 80;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Excerpt() {}

    /**
     * @param text text from outside
     * @return its first {@value #DEFAULT_LENGTH} characters, escaped
     */
    public static String of(String text) {
        return of(text, DEFAULT_LENGTH);
    }

    /**
     * @param text text from outside
     * @param max the most characters of {@code text} to keep
     * @return its first {@code max} characters, escaped, followed by how many were left out
     */
    public static String of(String text, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        int end = Math.min(text.length(), max);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        StringBuilder sb = null;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                if (sb != null) {
                    sb.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            boolean escape = needsEscape(c);
            if (escape && sb == null) {
                sb = new StringBuilder(end + 16).append(text, 0, i);
            }
            if (sb == null) {
                continue;
            }
            if (!escape) {
                sb.append(c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c <= 0xFF) {
                sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            }
        }
        if (end == text.length()) {
            return sb == null ? text : sb.toString();
        }
        if (sb == null) {
            sb = new StringBuilder(end + 32).append(text, 0, end);
        }
        return sb.append("...(").append(text.length() - end).append(" more characters)").toString();
    }

    private static boolean needsEscape(char c) {
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            return true;
        }
        if (c < 0xA0) {
            return false;
        }
        if (c == '\u2028' || c == '\u2029') {
            return true;
        }
        return Character.isSurrogate(c) || Character.getType(c) == Character.FORMAT;
    }
}
