package io.kurado.rrd.graph;

import io.kurado.api.graph.GraphRenderer;
import io.kurado.api.graph.GraphRendererProvider;
import io.kurado.api.storage.Storage;
import java.util.Optional;

/**
 * Draws graphs with rrd4j's graph engine from any {@link Storage}: the renderer reads series only
 * through {@link Storage#read}, so it serves every storage, not only the RRD one.
 */
public final class RrdGraphRendererProvider implements GraphRendererProvider {
    @Override
    public Optional<GraphRenderer> forStorage(Storage storage) {
        return Optional.of(new RrdGraphRenderer(storage));
    }
}
