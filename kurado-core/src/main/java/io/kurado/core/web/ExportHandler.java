package io.kurado.core.web;

import io.kurado.api.graph.GraphData;
import io.kurado.core.cluster.HoldersDownException;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/graph-data}: the values a graph plots over its range, as JSON (default) or CSV
 * ({@code format=csv}). Takes the parameters of {@code /graph}; unknown values are {@code null} in
 * JSON and empty in CSV. An export of more values than {@code max_graph_points} is refused before
 * it is written out; its range and width were bounded before it was computed.
 */
final class ExportHandler implements WebHandler {
    private final WebContext ctx;
    private final RenderSlots renders;

    ExportHandler(WebContext ctx, RenderSlots renders) {
        this.ctx = ctx;
        this.renders = renders;
    }

    @Override
    public WebResponse handle(WebRequest req) {
        String format = req.param("format").orElse("json").toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("csv")) {
            throw WebException.badRequest("invalid format '" + format + "' (expected json or csv)");
        }
        GraphQuery q = GraphRequests.read(req, ctx);
        PreparedGraph g = GraphRequests.prepare(q, ctx);
        GraphData data;
        try {
            data = renders.run(() -> {
                try {
                    return g.data();
                } catch (RuntimeException e) {
                    if (Forwarding.holdersDownIn(e) instanceof HoldersDownException h) {
                        throw h;
                    }
                    throw GraphRequests.failure(q, e);
                }
            });
        } catch (HoldersDownException e) {
            return Forwarding.notice(e, false, q);
        }
        long points = (long) data.rows().size() * Math.max(1, data.columns().size());
        int max = ctx.config().settings().web().maxPoints();
        if (points > max) {
            throw WebException.badRequest("the export holds " + points + " values (" + data.rows().size() + " rows of "
                    + data.columns().size() + " columns); the limit is " + max
                    + " (max_graph_points): ask for a shorter range or a smaller width");
        }
        String name = q.host().address() + "-" + q.plugin().escapedIdentifier() + "-" + q.graph() + "." + format;
        String disposition = "inline; filename=\"" + name.replaceAll("[^A-Za-z0-9._%-]", "_") + "\"";
        if (format.equals("csv")) {
            return WebResponse.bytes("text/csv; charset=utf-8", csv(data).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .withHeader("Content-Disposition", disposition).withHeader("Cache-Control", "no-cache");
        }
        return WebResponse.json(json(q, data)).withHeader("Content-Disposition", disposition);
    }

    static String csv(GraphData data) {
        StringBuilder sb = new StringBuilder();
        sb.append("time");
        for (String c : data.columns()) {
            sb.append(',').append(csvField(c));
        }
        sb.append("\r\n");
        for (GraphData.Row r : data.rows()) {
            sb.append(r.time());
            for (double v : r.values()) {
                sb.append(',');
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    sb.append(v);
                }
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        String safe = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    static String json(GraphQuery q, GraphData data) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("address", q.host().address());
            g.writeStringField("plugin_identifier", q.plugin().identifier());
            g.writeStringField("graph", q.graph());
            g.writeStringField("term", q.window().term());
            g.writeNumberField("start", q.window().start().getEpochSecond());
            g.writeNumberField("end", q.window().end().getEpochSecond());
            g.writeArrayFieldStart("columns");
            for (String c : data.columns()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            for (GraphData.Row r : data.rows()) {
                g.writeStartArray();
                g.writeNumber(r.time());
                List<Double> vs = r.values();
                for (double v : vs) {
                    if (Double.isNaN(v) || Double.isInfinite(v)) {
                        g.writeNull();
                    } else {
                        g.writeNumber(v);
                    }
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
