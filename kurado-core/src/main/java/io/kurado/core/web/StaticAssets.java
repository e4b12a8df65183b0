package io.kurado.core.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CSS, JavaScript and images of the pages, read from the jar once. Only the names listed here
 * are served, so no request path reaches any other resource or file. URLs carry a content hash, so
 * the files are cached for a year.
 */
final class StaticAssets implements WebHandler {
    static final String PREFIX = "/static/";
    private static final String BASE = "/io/kurado/core/web/static/";
    private static final List<String> NAMES = List.of("kurado.css", "kurado.js", "kurado.svg");

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    private record Asset(String type, byte[] body, String hash) {}

    StaticAssets() {
        for (String n : NAMES) {
            byte[] body = read(n);
            assets.put(n, new Asset(type(n), body, hash(body)));
        }
    }

    /** @return the versioned URL of an asset */
    String url(String name) {
        Asset a = assets.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no static asset '" + name + "'");
        }
        return Link.relative(PREFIX) + name + "?v=" + a.hash();
    }

    @Override
    public WebResponse handle(WebRequest req) {
        String name = req.path().equals("/favicon.ico") ? "kurado.svg"
                : req.path().startsWith(PREFIX) ? req.path().substring(PREFIX.length()) : "";
        Asset a = Optional.ofNullable(assets.get(name)).orElseThrow(() -> WebException.notFound("no such file: " + req.path()));
        String etag = "\"" + a.hash() + "\"";
        if (req.header("If-None-Match").map(etag::equals).orElse(false)) {
            return new WebResponse(304, a.type(), Map.of("ETag", etag, "Cache-Control", "public, max-age=31536000, immutable"), new byte[0]);
        }
        return new WebResponse(200, a.type(), Map.of("ETag", etag, "Cache-Control", "public, max-age=31536000, immutable"), a.body());
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("static asset " + BASE + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read static asset " + BASE + name, e);
        }
    }

    private static String type(String name) {
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "image/svg+xml";
    }

    private static String hash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
