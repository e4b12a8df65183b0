package io.kurado.core.web;

import io.kurado.api.graph.GraphData;
import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphRenderer;
import io.kurado.api.graph.GraphRequest;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import java.util.OptionalLong;

/**
 * A resolved definition for one query: its last update comes from the storage, its image and
 * data from the renderer. The title is the window's followed by the hostname; the vertical label is
 * the definition's, else the plugin name, as in the original.
 */
final class ResolvedGraph implements PreparedGraph {
    private final GraphDefinition def;
    private final GraphQuery query;
    private final Storage storage;
    private final GraphRenderer renderer;

    ResolvedGraph(GraphDefinition def, GraphQuery query, Storage storage, GraphRenderer renderer) {
        this.def = def;
        this.query = query;
        this.storage = storage;
        this.renderer = renderer;
    }

    @Override
    public OptionalLong lastUpdate() {
        OptionalLong newest = OptionalLong.empty();
        for (SeriesRef s : def.series()) {
            OptionalLong t = storage.lastUpdate(s);
            if (t.isPresent() && (newest.isEmpty() || t.getAsLong() > newest.getAsLong())) {
                newest = t;
            }
        }
        return newest;
    }

    @Override
    public byte[] png() {
        return renderer.render(request()).png();
    }

    @Override
    public GraphData data() {
        return renderer.data(request());
    }

    private GraphRequest request() {
        return new GraphRequest(def, query.window(), query.width(), GraphRequest.DEFAULT_HEIGHT,
                query.window().title() + " " + query.host().host().hostname(),
                def.verticalLabel().orElse(query.plugin().name()));
    }
}
