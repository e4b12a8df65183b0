package io.kurado.rrd.graph;

import io.kurado.api.storage.Storage;
import io.kurado.core.web.GraphRenderer;
import io.kurado.core.web.GraphRendererProvider;
import io.kurado.rrd.RrdStorage;
import java.util.Optional;

/** Draws graphs of an {@link RrdStorage} through its open files. */
public final class RrdGraphRendererProvider implements GraphRendererProvider {
    @Override
    public Optional<GraphRenderer> forStorage(Storage storage) {
        if (storage instanceof RrdStorage rrd) {
            return Optional.of(new RrdGraphRenderer(rrd.dataDir(), rrd.files()));
        }
        return Optional.empty();
    }
}
