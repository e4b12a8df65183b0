package io.kurado.core.web;

import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches a request by path, and turns a {@link WebException} into its status with the message
 * as plain text; any other failure is logged and answered 500.
 */
final class Router implements WebHandler {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final Map<String, WebHandler> routes;
    private final Set<String> postable;
    private final WebHandler assets;
    private final WebCounters counters;

    Router(Map<String, WebHandler> routes, Set<String> postable, WebHandler assets, WebCounters counters) {
        this.routes = Map.copyOf(routes);
        this.postable = Set.copyOf(postable);
        this.assets = assets;
        this.counters = counters;
    }

    @Override
    public WebResponse handle(WebRequest req) {
        String path = req.path();
        try {
            boolean isStatic = path.startsWith(StaticAssets.PREFIX) || path.equals("/favicon.ico");
            WebHandler h = isStatic ? assets : routes.get(path);
            if (h == null) {
                throw WebException.notFound("no page at " + path);
            }
            boolean read = req.method().equals("GET") || req.method().equals("HEAD");
            if (!read && !(req.method().equals("POST") && postable.contains(path))) {
                return WebResponse.text(405, "method " + req.method() + " is not allowed on " + path)
                        .withHeader("Allow", postable.contains(path) ? "GET, HEAD, POST" : "GET, HEAD");
            }
            return h.handle(req);
        } catch (WebException e) {
            if (e.status() >= 500) {
                counters.errors.incrementAndGet();
                log.warn("{} {} failed: {}", req.method(), path, e.getMessage());
            }
            return WebResponse.text(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            counters.errors.incrementAndGet();
            log.warn("{} {} failed", req.method(), path, e);
            return WebResponse.text(500, "internal error while serving " + path + ": " + e);
        }
    }
}
