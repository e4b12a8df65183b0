package io.kurado.core.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds a relative URL with encoded query parameters, in the order they are added.
 *
 * <pre>{@code
 * Link.to("/server").param("address", a).param("term", "month").toString()
 * }</pre>
 */
public final class Link {
    private final StringBuilder sb;
    private boolean first = true;

    private Link(String path) {
        this.sb = new StringBuilder(path);
    }

    /**
     * @param path an absolute path of this server
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
