package io.kurado.core.web;

import io.kurado.api.graph.GraphWindow;
import io.kurado.api.PluginRef;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.WebLimits;
import java.time.Instant;

/** Reads the parameters {@code /graph} and the data export share into a {@link GraphQuery}. */
final class GraphRequests {
    private GraphRequests() {}

    static GraphQuery read(WebRequest req, WebContext ctx) {
        HostEntry host = Params.host(req, ctx.config());
        PluginRef plugin = Params.plugin(req).orElseThrow(() -> WebException.badRequest("missing plugin_identifier"));
        String graph = req.param("graph").orElseThrow(() -> WebException.badRequest("missing graph key"));
        String term = Params.term(req, Terms.ALL);
        WebLimits limits = ctx.config().settings().web();
        int width = Params.width(req, limits.maxWidth());
        Instant now = ctx.clock().instant();
        GraphWindow window = term.equals("custom") ? Params.graphRange(req, now, ctx.zone(), limits.maxRange()).window()
                : Terms.window(term, now);
        return new GraphQuery(host, plugin, graph, window, width);
    }

    static PreparedGraph prepare(GraphQuery q, WebContext ctx) {
        try {
            return ctx.graphs().prepare(q).orElseThrow(() -> WebException.notFound(
                    "plugin '" + q.plugin().identifier() + "' of " + q.host().address() + " has no graph '" + q.graph() + "'"));
        } catch (WebException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(q, e);
        }
    }

    /** The original's 500 message: {@code address:<a> plugin:<name> graph:<g>: <error>}. */
    static WebException failure(GraphQuery q, RuntimeException e) {
        return new WebException(500, "address:" + q.host().address() + " plugin:" + q.plugin().name() + " graph:" + q.graph() + ": "
                + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
}
