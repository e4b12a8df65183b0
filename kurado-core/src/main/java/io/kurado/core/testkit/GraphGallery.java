package io.kurado.core.testkit;

import io.kurado.api.KuradoException;
import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphRenderer;
import io.kurado.api.graph.GraphRequest;
import io.kurado.api.graph.GraphWindow;
import io.kurado.core.graph.GraphDefinitionParser;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.web.Terms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Draws every graph of a viewer from {@link SyntheticStorage synthetic data}, through whatever
 * {@link io.kurado.api.graph.GraphRendererProvider} is on the class path (kurado-rrd's), for a
 * person to look at: {@code PluginTestKit.gallery(PluginTestKit.viewer("redis").arguments("6380"))
 * .renderTo(dir)} writes {@code <graph>.png} per graph.
 *
 * <p>Without a renderer on the class path nothing is drawn and the report says so, naming the
 * module to add; a graph that cannot be drawn is a problem of the report, the others are drawn.
 */
public final class GraphGallery {
    private final ViewRequest view;
    private final InstantSource clock;
    private String term = "day";
    private int width = 500;

    GraphGallery(ViewRequest view, InstantSource clock) {
        this.view = view;
        this.clock = clock;
    }

    /**
     * @param term a term of the host page: {@code day}, {@code week}, {@code month}, {@code year},
     *     {@code 1hour}, {@code 4hours}, {@code 8hours}, {@code 3days}
     * @return this gallery
     */
    public GraphGallery term(String term) {
        if (!Terms.ALL.contains(term) || term.equals("custom")) {
            throw new IllegalArgumentException("unknown term '" + term + "'");
        }
        this.term = term;
        return this;
    }

    /**
     * @param width the canvas width in pixels
     * @return this gallery
     */
    public GraphGallery width(int width) {
        if (width < 10 || width > Terms.MAX_WIDTH) {
            throw new IllegalArgumentException("width must be 10.." + Terms.MAX_WIDTH);
        }
        this.width = width;
        return this;
    }

    /**
     * Draws every graph the viewer lists.
     *
     * @return the PNG of each graph drawn, in list order, and the problems
     */
    public Gallery render() {
        ViewRun run = view.run();
        List<String> problems = new ArrayList<>();
        if (run.graphFailures().isEmpty()) {
            run.failure().ifPresent(e -> problems.add("the viewer failed: " + e));
        }
        Optional<GraphRenderer> renderer;
        try (SyntheticStorage storage = new SyntheticStorage(clock)) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : GraphGallery.class.getClassLoader();
            renderer = PluginRegistry.discover(loader).graphRenderer(storage);
            if (renderer.isEmpty()) {
                return new Gallery(Map.of(), List.of(), Optional.of(
                        "no graph renderer is on the class path, so no PNG was drawn: add kurado-rrd (its GraphRendererProvider)"));
            }
            Map<String, byte[]> pngs = new LinkedHashMap<>();
            GraphWindow window = Terms.window(term, clock.instant());
            GraphDefinitionParser parser = new GraphDefinitionParser();
            for (Map.Entry<String, Optional<String>> e : run.definitions().entrySet()) {
                Throwable failed = run.graphFailures().get(e.getKey());
                if (failed != null) {
                    problems.add("graph '" + e.getKey() + "' failed: " + failed);
                    continue;
                }
                if (e.getValue().isEmpty()) {
                    problems.add("graph '" + e.getKey() + "' is listed but has no definition");
                    continue;
                }
                try {
                    GraphDefinition def = parser.parse(e.getValue().get(), view.context().host().address(),
                            view.plugin().escapedIdentifier());
                    GraphRequest req = new GraphRequest(def, window, width, GraphRequest.DEFAULT_HEIGHT,
                            window.title() + " " + view.context().host().hostname(), def.verticalLabel().orElse(view.plugin().name()));
                    pngs.put(e.getKey(), renderer.get().render(req).png());
                } catch (KuradoException | IllegalArgumentException ex) {
                    problems.add("graph '" + e.getKey() + "' cannot be drawn: " + ex.getMessage());
                }
            }
            return new Gallery(pngs, problems, Optional.empty());
        }
    }

    /**
     * Draws every graph and writes {@code <graph>.png} files.
     *
     * @param dir the folder, created if missing
     * @return what was drawn and the problems
     */
    public Gallery renderTo(Path dir) {
        Gallery g = render();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> e : g.pngs().entrySet()) {
                Files.write(dir.resolve(e.getKey().replaceAll("[^A-Za-z0-9_.-]", "_") + ".png"), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the graphs to " + dir, e);
        }
        return g;
    }

    /**
     * What a gallery drew.
     *
     * @param pngs the PNG image of each graph drawn, in list order
     * @param problems the graphs that could not be drawn, and why
     * @param noRenderer why nothing was drawn, when no renderer is on the class path
     */
    public record Gallery(Map<String, byte[]> pngs, List<String> problems, Optional<String> noRenderer) {
        /** Copies the collections. */
        public Gallery {
            pngs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pngs));
            problems = List.copyOf(problems);
            Objects.requireNonNull(noRenderer, "noRenderer");
        }

        /**
         * @return this gallery
         * @throws AssertionError when nothing could be drawn or a graph failed
         */
        public Gallery assertDrawn() {
            if (noRenderer.isPresent()) {
                throw new AssertionError(noRenderer.get());
            }
            if (!problems.isEmpty()) {
                throw new AssertionError(problems.size() + " graphs cannot be drawn:\n  " + String.join("\n  ", problems));
            }
            return this;
        }
    }
}
