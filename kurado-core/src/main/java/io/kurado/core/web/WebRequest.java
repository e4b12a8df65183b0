package io.kurado.core.web;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as the pages see it: method, path, decoded query parameters and headers.
 *
 * @param method the method, upper case
 * @param path the decoded path, starting with {@code /}
 * @param query every parameter with its values in request order
 * @param headers header values by lower-case name (the last one when repeated)
 * @param peer the address of the client connected, when known (not that of a proxy's client)
 */
public record WebRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
        Optional<InetAddress> peer) {
    /** Validates the fields and copies the maps. */
    public WebRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Map<String, List<String>> q = new LinkedHashMap<>();
        query.forEach((k, v) -> q.put(k, List.copyOf(v)));
        query = Map.copyOf(q);
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(h);
        Objects.requireNonNull(peer, "peer");
    }

    /**
     * A request from an unknown address.
     *
     * @param method the method, upper case
     * @param path the decoded path
     * @param query the parameters
     * @param headers the headers
     */
    public WebRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers) {
        this(method, path, query, headers, Optional.empty());
    }

    /**
     * @param address the client's address
     * @return a copy from that address
     */
    public WebRequest withPeer(InetAddress address) {
        return new WebRequest(method, path, query, headers, Optional.of(address));
    }

    /**
     * A GET request, for tests and embedding.
     *
     * @param target path and optional query, e.g. {@code /server?address=10.0.0.1}
     * @return the request
     * @throws WebException (400) when the query is not well formed
     */
    public static WebRequest get(String target) {
        return of("GET", target, Map.of());
    }

    /**
     * @param method the method
     * @param target path and optional query
     * @param headers the headers
     * @return the request
     * @throws WebException (400) when the query is not well formed
     */
    public static WebRequest of(String method, String target, Map<String, String> headers) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, List<String>> query = parseQuery(q < 0 ? "" : target.substring(q + 1));
        return new WebRequest(method.toUpperCase(Locale.ROOT), path, query, headers);
    }

    /**
     * Decodes {@code application/x-www-form-urlencoded} text.
     *
     * @param text for example {@code address=a&address=b}
     * @return the parameters in order
     * @throws WebException (400) on a malformed escape
     */
    public static Map<String, List<String>> parseQuery(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw WebException.badRequest("malformed query parameter '" + s + "'");
        }
    }

    /**
     * A single-valued parameter: as in the original, the last occurrence counts and an empty
     * value means not given.
     *
     * @param name the parameter
     * @return its value
     */
    public Optional<String> param(String name) {
        List<String> v = query.get(name);
        if (v == null || v.isEmpty() || v.get(v.size() - 1).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(v.get(v.size() - 1));
    }

    /**
     * @param name a repeated parameter
     * @return its non-empty values in request order
     */
    public List<String> params(String name) {
        return query.getOrDefault(name, List.of()).stream().filter(s -> !s.isEmpty()).toList();
    }

    /**
     * @param name a header name, any case
     * @return its value
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * @param extra parameters to add (a POST body)
     * @return a copy with the parameters appended
     */
    public WebRequest withParams(Map<String, List<String>> extra) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        query.forEach((k, v) -> q.put(k, new ArrayList<>(v)));
        extra.forEach((k, v) -> q.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return new WebRequest(method, path, q, headers, peer);
    }
}
