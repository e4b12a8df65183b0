package io.kurado.examples.cli;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import java.util.List;
import java.util.Optional;

/** A viewer registered only on the test class path, so that command tests have a plugin to name. */
public final class TestViewer implements MetricsViewer {
    @Override
    public String id() {
        return "testview";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        return List.of(GraphGroup.of("Test", "one"));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        return Optional.empty();
    }
}
