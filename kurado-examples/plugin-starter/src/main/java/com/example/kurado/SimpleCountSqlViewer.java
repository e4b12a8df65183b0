package com.example.kurado;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import java.util.List;
import java.util.Optional;

/** Shows the row count of {@code simplecountsql:port:db:table}: one group, one graph. */
public final class SimpleCountSqlViewer implements MetricsViewer {
    @Override
    public String id() {
        return "simplecountsql";
    }

    @Override
    public List<GraphGroup> list(ViewContext ctx) {
        String title = String.format("Count by SQL (table=%s,db=%s,port=%s)",
                ctx.argument(2).orElse("?"), ctx.argument(1).orElse("?"), ctx.argument(0).orElse("3306"));
        return List.of(GraphGroup.of(title, "count"));
    }

    @Override
    public Optional<String> graph(ViewContext ctx, String name) {
        return Optional.of("""
                COUNT(*)
                DEF:rows=<%RRD count.gauge %>:n:AVERAGE
                LINE:rows#00C000:Count
                GPRINT:rows:LAST:Cur\\: %6.0lf
                GPRINT:rows:AVERAGE:Ave\\: %6.0lf
                GPRINT:rows:MAX:Max\\: %6.0lf\\l
                """).filter(x -> name.equals("count"));
    }
}
