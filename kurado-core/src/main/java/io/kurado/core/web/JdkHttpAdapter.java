package io.kurado.core.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves a {@link WebHandler} on the JDK's HTTP server, at whatever context path it is mounted
 * ({@code /}, {@code /kurado/}): the context path is taken off before routing, and its bare form
 * ({@code /kurado}) is redirected to the one with a slash, against which the UI's relative links
 * resolve. Requests for graphs and data exports run on their own bounded executor (when one is
 * given), so a burst of graphs never takes the threads that serve pages; when that executor is
 * full the request gets 503. Text bodies over 2 KiB are gzipped for clients that accept it.
 */
final class JdkHttpAdapter implements HttpHandler {
    static final Set<String> HEAVY = Set.of("/graph", "/api/graph-data");
    private static final int MAX_BODY = RequestReader.MAX_BODY;

    private final WebHandler handler;
    private final Optional<Executor> heavy;

    JdkHttpAdapter(WebHandler handler, Optional<Executor> heavy) {
        this.handler = handler;
        this.heavy = heavy;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String mount = mountOf(ex);
        String path = ex.getRequestURI().getPath();
        if (path.equals(mount)) {
            String query = ex.getRequestURI().getRawQuery();
            send(ex, new WebResponse(301, "text/plain; charset=utf-8",
                    Map.of("Location", mount + "/" + (query == null ? "" : "?" + query)), new byte[0]));
            ex.close();
            return;
        }
        if (heavy.isPresent() && HEAVY.contains(path.substring(mount.length()))) {
            try {
                heavy.get().execute(() -> serve(ex));
            } catch (RejectedExecutionException e) {
                send(ex, WebResponse.text(503, "too many graph requests waiting; try again").withHeader("Retry-After", "1"));
                ex.close();
            }
            return;
        }
        serve(ex);
    }

    private void serve(HttpExchange ex) {
        try {
            WebResponse resp;
            try {
                resp = handler.handle(request(ex));
            } catch (WebException e) {
                resp = WebResponse.text(e.status(), e.getMessage());
            }
            send(ex, resp);
        } catch (IOException | RuntimeException e) {
            // The client went away or sent something unreadable; nothing more to say to it.
        } finally {
            ex.close();
        }
    }

    private static WebRequest request(HttpExchange ex) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> {
            if (!v.isEmpty()) {
                headers.put(k, v.get(v.size() - 1));
            }
        });
        String raw = ex.getRequestURI().getRawQuery();
        String path = ex.getRequestURI().getPath().substring(mountOf(ex).length());
        WebRequest req = new WebRequest(ex.getRequestMethod().toUpperCase(Locale.ROOT), path.isEmpty() ? "/" : path,
                WebRequest.parseQuery(raw == null ? "" : raw), headers,
                Optional.ofNullable(ex.getRemoteAddress()).map(java.net.InetSocketAddress::getAddress));
        String type = req.header("Content-Type").orElse("");
        if (req.method().equals("POST") && type.startsWith("application/x-www-form-urlencoded")) {
            try (InputStream in = ex.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    throw WebException.badRequest("request body larger than " + MAX_BODY + " bytes");
                }
                Map<String, List<String>> form = WebRequest.parseQuery(new String(body, StandardCharsets.UTF_8));
                req = req.withParams(form);
            }
        }
        return req;
    }

    /** @return the context path the handler is mounted at, without its trailing slash ({@code ""} at the root) */
    private static String mountOf(HttpExchange ex) {
        String ctx = ex.getHttpContext().getPath();
        return ctx.endsWith("/") ? ctx.substring(0, ctx.length() - 1) : ctx;
    }

    private static void send(HttpExchange ex, WebResponse resp) throws IOException {
        OutgoingResponse out = OutgoingResponse.of(resp, OutgoingResponse.acceptsGzip(ex.getRequestHeaders().getFirst("Accept-Encoding")));
        var h = ex.getResponseHeaders();
        out.headers().forEach(h::set);
        byte[] body = out.body();
        boolean noBody = ex.getRequestMethod().equalsIgnoreCase("HEAD") || resp.status() == 304 || body.length == 0;
        ex.sendResponseHeaders(resp.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream stream = ex.getResponseBody()) {
                stream.write(body);
            }
        }
    }
}
