package io.kurado.core.web;

import io.kurado.api.KuradoException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private final Set<String> deletable;
    private final Set<String> postable;
    private final WebHandler assets;
    private final WebCounters counters;
    private final List<String[]> privateRoots;

    /**
     * @param routes the handler of each path
     * @param postable the paths that take POST
     * @param assets the handler of static files
     * @param counters the web's counters
     * @param privateRoots directories whose absolute paths never reach a client (the data directory,
     *     the configuration's); failure messages name what is under them relative to them
     */
    Router(Map<String, WebHandler> routes, Set<String> postable, WebHandler assets, WebCounters counters, List<Path> privateRoots) {
        this(routes, postable, Set.of(), assets, counters, privateRoots);
    }

    /**
     * @param routes the handler of each path
     * @param postable the paths that also take POST
     * @param deletable the paths that also take DELETE
     * @param assets serves the static files
     * @param counters counts failures
     * @param privateRoots directories whose absolute paths no answer shows
     */
    Router(Map<String, WebHandler> routes, Set<String> postable, Set<String> deletable, WebHandler assets, WebCounters counters,
            List<Path> privateRoots) {
        this.deletable = Set.copyOf(deletable);
        this.routes = Map.copyOf(routes);
        this.postable = Set.copyOf(postable);
        this.assets = assets;
        this.counters = counters;
        this.privateRoots = roots(privateRoots);
    }

    /** @return every path routed, static assets aside */
    Set<String> paths() {
        return routes.keySet();
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
            if (!read && !(req.method().equals("POST") && postable.contains(path))
                    && !(req.method().equals("DELETE") && deletable.contains(path))) {
                return WebResponse.text(405, "method " + req.method() + " is not allowed on " + path)
                        .withHeader("Allow", postable.contains(path) ? "GET, HEAD, POST" : "GET, HEAD");
            }
            return h.handle(req);
        } catch (WebException e) {
            if (e.status() >= 500) {
                counters.errors.incrementAndGet();
                log.warn("{} {} failed: {}", req.method(), path, e.getMessage());
            }
            WebResponse r = WebResponse.text(e.status(), e.status() >= 500 ? scrub(e.getMessage()) : e.getMessage());
            return e.status() == 503 ? r.withHeader("Retry-After", "1") : r;
        } catch (RuntimeException e) {
            counters.errors.incrementAndGet();
            log.warn("{} {} failed", req.method(), path, e);
            String what = e instanceof KuradoException && e.getMessage() != null ? e.getMessage() : e.toString();
            return WebResponse.text(500, scrub("internal error while serving " + path + ": " + what));
        }
    }

    /**
     * @param message a failure message
     * @return it with every private root's absolute path taken out: what is under a root is named
     *     relative to it, a root itself by its setting's name
     */
    String scrub(String message) {
        String m = message;
        for (String[] root : privateRoots) {
            m = m.replace(root[0] + java.io.File.separator, "").replace(root[0], root[1]);
        }
        return m;
    }

    /** @return {absolute path, what to call it} for each root and its real path, longest first */
    private static List<String[]> roots(List<Path> dirs) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            Path dir = dirs.get(i);
            if (dir == null) {
                continue;
            }
            String name = i == 0 ? "(data_dir)" : "(the configuration's directory)";
            Path abs = dir.toAbsolutePath().normalize();
            List<Path> forms = new ArrayList<>(List.of(abs));
            try {
                forms.add(abs.toRealPath());
            } catch (IOException | RuntimeException notThere) {
                // not created yet: only the configured path can appear
            }
            for (Path p : forms) {
                if (p.getNameCount() > 0) {
                    out.add(new String[] {p.toString(), name});
                }
            }
        }
        out.sort((a, b) -> Integer.compare(b[0].length(), a[0].length()));
        return List.copyOf(out);
    }
}
