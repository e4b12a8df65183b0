package io.kurado.core.web;

import io.kurado.core.cluster.HoldersDownException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code /graph}: a graph as PNG. The validator comes from the last update of the files the graph
 * reads, so a browser asking again for an unchanged graph gets a 304 without any drawing; drawn
 * PNGs are kept in a bounded cache, and drawing takes one of the {@link RenderSlots} it shares with
 * the data export.
 */
final class GraphHandler implements WebHandler {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final WebContext ctx;
    private final PngCache cache;
    private final RenderSlots renders;

    GraphHandler(WebContext ctx, PngCache cache, RenderSlots renders) {
        this.ctx = ctx;
        this.cache = cache;
        this.renders = renders;
    }

    @Override
    public WebResponse handle(WebRequest req) {
        GraphQuery q = GraphRequests.read(req, ctx);
        PreparedGraph g = GraphRequests.prepare(q, ctx);
        OptionalLong last;
        try {
            last = g.lastUpdate();
        } catch (RuntimeException e) {
            if (Forwarding.holdersDownIn(e) instanceof HoldersDownException h) {
                return Forwarding.notice(h, true, q);
            }
            ctx.counters().graphsFailed.incrementAndGet();
            throw GraphRequests.failure(q, e);
        }
        String etag = etag(q, last);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", etag);
        headers.put("Cache-Control", "no-cache");
        last.ifPresent(t -> headers.put("Last-Modified", HTTP_DATE.format(Instant.ofEpochSecond(t))));
        if (notModified(req, etag, last)) {
            ctx.counters().graphsNotModified.incrementAndGet();
            return new WebResponse(304, "image/png", headers, new byte[0]);
        }
        Optional<byte[]> cached = cache.get(etag);
        if (cached.isPresent()) {
            ctx.counters().graphsFromCache.incrementAndGet();
            return new WebResponse(200, "image/png", headers, cached.get());
        }
        byte[] png;
        try {
            png = render(q, g);
        } catch (HoldersDownException e) {
            return Forwarding.notice(e, true, q);
        }
        cache.put(etag, png);
        return new WebResponse(200, "image/png", headers, png);
    }

    private byte[] render(GraphQuery q, PreparedGraph g) {
        return renders.run(() -> {
            long t0 = System.nanoTime();
            boolean ok = false;
            try {
                byte[] png = g.png();
                ctx.counters().graphsRendered.incrementAndGet();
                ok = true;
                return png;
            } catch (RuntimeException e) {
                ctx.counters().graphsFailed.incrementAndGet();
                if (Forwarding.holdersDownIn(e) instanceof HoldersDownException h) {
                    throw h;
                }
                throw GraphRequests.failure(q, e);
            } finally {
                ctx.counters().drew(System.nanoTime() - t0, ok);
            }
        });
    }

    private static boolean notModified(WebRequest req, String etag, OptionalLong last) {
        Optional<String> inm = req.header("If-None-Match");
        if (inm.isPresent()) {
            for (String tag : inm.get().split(",")) {
                String t = tag.strip();
                if (t.equals(etag) || t.equals("W/" + etag) || t.equals("*")) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    /** A strong validator over everything that decides the image: the query and the files' last update. */
    static String etag(GraphQuery q, OptionalLong last) {
        String key = String.join("\u0000", q.host().address(), q.host().host().hostname(), q.plugin().identifier(), q.graph(),
                q.window().term(), q.window().term().equals("custom") ? q.window().start() + "/" + q.window().end() + q.window().title() : "",
                Integer.toString(q.width()), last.isPresent() ? Long.toString(last.getAsLong()) : "none");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
