package io.kurado.core.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds a URL relative to the UI's root, with encoded query parameters in the order they are
 * added. Every page of the UI sits at its root, so relative links keep working wherever a host
 * application mounts the UI ({@code /} or {@code /kurado/}).
 *
 * <pre>{@code
 * Link.to("/server").param("address", a).param("term", "month").toString()   // server?address=…&term=month
 * }</pre>
 */
public final class Link {
    private final StringBuilder sb;
    private boolean first = true;

    private Link(String path) {
        this.sb = new StringBuilder(relative(path));
    }

    /**
     * @param path a path of the UI, e.g. {@code /server}
     * @return the same path relative to the UI's root: {@code server}, or {@code ./} for the root
     */
    static String relative(String path) {
        if (path.equals("/") || path.isEmpty()) {
            return "./";
        }
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /**
     * @param path a path of the UI, e.g. {@code /server}
     * @return a link without parameters
     */
    public static Link to(String path) {
        return new Link(path);
    }

    /**
     * @param name a parameter
     * @param value its value, encoded
     * @return this
     */
    public Link param(String name, String value) {
        sb.append(first ? '?' : '&').append(encode(name)).append('=').append(encode(value));
        first = false;
        return this;
    }

    /**
     * @param name a parameter
     * @param value its value
     * @param when whether to add it
     * @return this
     */
    public Link paramIf(boolean when, String name, String value) {
        return when ? param(name, value) : this;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** @return the URL */
    @Override
    public String toString() {
        return sb.toString();
    }
}
