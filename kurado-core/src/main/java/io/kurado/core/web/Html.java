package io.kurado.core.web;

import java.util.regex.Pattern;

/**
 * Builds HTML with escaping by default: text and attribute values are always escaped; only
 * {@link #raw(String)} emits markup as it is, and the pages call it for their own markup and for
 * meta values a viewer marks raw.
 *
 * <pre>{@code
 * new Html().open("a", "href", link).text(hostname).close("a")
 * }</pre>
 */
public final class Html {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final StringBuilder sb;

    /** An empty document. */
    public Html() {
        this.sb = new StringBuilder(8192);
    }

    /**
     * Escapes text for element content and quoted attribute values.
     *
     * @param s any text
     * @return the text with {@code & < > " '} replaced by entities
     */
    public static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (rep != null) {
                    out.append(rep);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * Opens an element.
     *
     * @param tag the element name, lower case
     * @param attrs attribute names and values in pairs; values are escaped
     * @return this
     */
    public Html open(String tag, String... attrs) {
        start(tag, attrs);
        sb.append('>');
        return this;
    }

    /**
     * Writes an element without content ({@code img}, {@code input}).
     *
     * @param tag the element name
     * @param attrs attribute names and values in pairs; values are escaped
     * @return this
     */
    public Html empty(String tag, String... attrs) {
        start(tag, attrs);
        sb.append('>');
        return this;
    }

    /**
     * Writes an element with text content.
     *
     * @param tag the element name
     * @param text the content, escaped
     * @param attrs attribute names and values in pairs; values are escaped
     * @return this
     */
    public Html el(String tag, String text, String... attrs) {
        return open(tag, attrs).text(text).close(tag);
    }

    /**
     * @param tag the element to close
     * @return this
     */
    public Html close(String tag) {
        checkName(tag);
        sb.append("</").append(tag).append('>');
        return this;
    }

    /**
     * @param text text content, escaped
     * @return this
     */
    public Html text(String text) {
        sb.append(escape(text));
        return this;
    }

    /**
     * Emits markup as it is. Only for the pages' own markup and for values a viewer marked raw.
     *
     * @param markup trusted HTML
     * @return this
     */
    public Html raw(String markup) {
        sb.append(markup);
        return this;
    }

    private void start(String tag, String[] attrs) {
        checkName(tag);
        if (attrs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes of <" + tag + "> must come in name/value pairs");
        }
        sb.append('<').append(tag);
        for (int i = 0; i < attrs.length; i += 2) {
            checkName(attrs[i]);
            sb.append(' ').append(attrs[i]).append("=\"").append(escape(attrs[i + 1])).append('"');
        }
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not an element or attribute name");
        }
    }

    /** @return the HTML written so far */
    @Override
    public String toString() {
        return sb.toString();
    }
}
