package io.kurado.core.web;

import io.kurado.core.cluster.HoldersDownException;
import io.kurado.core.cluster.PeerClient;
import io.kurado.core.cluster.Placement;
import io.kurado.core.cluster.PlacedStorage;
import io.kurado.core.config.KuradoConfig;
import io.kurado.api.graph.GraphRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /graph} and {@code /api/graph-data} of a host whose files another node holds: the request
 * is passed whole to a live holder (the first, else the next), with the short deadlines of
 * {@link PeerClient} and a {@link PeerClient#FORWARDED_BY} header, and its answer is passed back
 * as it came (304 included). A request that carries that header is answered here, never passed on
 * again; when this node does not hold the host it answers 421, and the node that asked tries the
 * next holder. When no holder answers, a graph comes back at once as an image that says which node
 * is down (status 503), and an export as that text.
 */
final class Forwarding implements WebHandler {
    /** The header naming the node that drew a forwarded answer. */
    static final String SERVED_BY = "X-Kurado-Served-By";
    /** The header of an answer drawn by no node, naming those that are down. */
    static final String UNAVAILABLE = "X-Kurado-Unavailable";
    private static final Set<Integer> TRY_NEXT = Set.of(401, 403, 421, 429, 502, 503, 504);
    private static final List<String> PASSED_BACK = List.of("etag", "cache-control", "last-modified", "content-disposition");

    private final WebHandler local;
    private final Supplier<KuradoConfig> config;
    private final PlacedStorage reads;
    private final String nodeName;
    private final boolean image;

    /**
     * @param local answers a host this node holds
     * @param config the configuration in force
     * @param reads where hosts are, and how other nodes are asked
     * @param nodeName this node's name, sent in {@link PeerClient#FORWARDED_BY}
     * @param image whether the page is a graph (a notice image when no holder answers) or an export (text)
     */
    Forwarding(WebHandler local, Supplier<KuradoConfig> config, PlacedStorage reads, String nodeName, boolean image) {
        this.local = local;
        this.config = config;
        this.reads = reads;
        this.nodeName = nodeName;
        this.image = image;
    }

    @Override
    public WebResponse handle(WebRequest req) {
        String address = req.param("address").orElse(null);
        if (address == null || config.get().host(address).isEmpty()) {
            return local.handle(req);
        }
        Placement p = reads.placement().placementOf(address);
        if (p.local()) {
            return local.handle(req);
        }
        if (req.header(PeerClient.FORWARDED_BY).isPresent()) {
            return WebResponse.text(421, "node " + nodeName + " does not hold the files of " + address + " (asked by node "
                    + req.header(PeerClient.FORWARDED_BY).get() + "; the shard maps differ)\n");
        }
        String target = req.path() + query(req);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(PeerClient.FORWARDED_BY, nodeName);
        req.header("If-None-Match").ifPresent(v -> headers.put("If-None-Match", v));
        try {
            return reads.askHolders(address, p, target, headers, (peer, a) -> {
                if (TRY_NEXT.contains(a.status())) {
                    return Optional.empty();
                }
                Map<String, String> back = new LinkedHashMap<>();
                for (String h : PASSED_BACK) {
                    a.header(h).ifPresent(v -> back.put(h, v));
                }
                back.put(SERVED_BY, peer.nodeId());
                return Optional.of(new WebResponse(a.status(), a.header("content-type").orElse("application/octet-stream"), back, a.body()));
            });
        } catch (HoldersDownException e) {
            String title = p.holders().isEmpty() ? "No node holds the files of " + address
                    : who(e.down(), e.refused()) + ": the graphs of " + address + " cannot be drawn now";
            return notice(image, image ? Params.width(req, config.get().settings().web().maxWidth()) : 0, title, e.failures(),
                    java.util.stream.Stream.concat(e.down().stream(), e.refused().stream()).toList());
        }
    }

    /** @return {@code Node b is down}, {@code Nodes b, c are down}, or when all answered but none drew, {@code Node b did not answer} */
    private static String who(List<String> down, List<String> refused) {
        if (!down.isEmpty()) {
            return down.size() == 1 ? "Node " + down.get(0) + " is down" : "Nodes " + String.join(", ", down) + " are down";
        }
        return refused.size() == 1 ? "Node " + refused.get(0) + " did not answer" : "Nodes " + String.join(", ", refused) + " did not answer";
    }

    /**
     * The answer for a graph or export that no node can draw now: at once, never cached.
     *
     * @param image whether a graph (a notice image) or an export (text)
     * @param width the graph's width
     * @param title what the notice says first
     * @param lines why, one line per node
     * @param down the nodes that did not answer, for the {@link #UNAVAILABLE} header
     * @return 503 with the notice
     */
    static WebResponse notice(boolean image, int width, String title, List<String> lines, List<String> down) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        headers.put(UNAVAILABLE, ascii(down.isEmpty() ? "no holder" : String.join(", ", down)));
        if (!image) {
            return new WebResponse(503, WebResponse.TEXT, headers, (title + ".\n" + String.join("\n", lines) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] png = NoticeImage.png(Math.max(300, width + 97), GraphRequest.DEFAULT_HEIGHT + 60, title, lines);
        return new WebResponse(503, "image/png", headers, png);
    }

    /**
     * @param e why a graph of a host held here could not read a series of another node's host
     * @param image whether a graph or an export
     * @param q the graph
     * @return the notice
     */
    static WebResponse notice(HoldersDownException e, boolean image, GraphQuery q) {
        String title = (e.down().isEmpty() && e.refused().isEmpty() ? "No node holds a host it reads" : who(e.down(), e.refused()))
                + ": graph " + q.graph() + " of " + q.address() + " cannot be drawn now";
        return notice(image, q.width(), title, List.of(e.getMessage()),
                java.util.stream.Stream.concat(e.down().stream(), e.refused().stream()).toList());
    }

    /**
     * @param e a failure to draw a graph
     * @return the failure itself, or the {@link HoldersDownException} it came from (a renderer wraps
     *     the failures of the reads it makes)
     */
    static RuntimeException holdersDownIn(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HoldersDownException h) {
                return h;
            }
        }
        return e;
    }

    private static String query(WebRequest req) {
        StringBuilder sb = new StringBuilder();
        req.query().forEach((k, vs) -> vs.forEach(v -> sb.append(sb.length() == 0 ? '?' : '&')
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return sb.toString();
    }

    private static String ascii(String s) {
        return s.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
