package io.kurado.api.graph;

import io.kurado.api.storage.SeriesRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A graph definition in typed form: the elements of an rrdtool {@code graph} text (kurado-core
 * parses the text a view plugin prints into it) and the vertical label it starts with, if any.
 *
 * <p>A definition is <em>resolved</em> when every {@code DEF} names a {@link SeriesSource.Series};
 * renderers draw only resolved definitions.
 *
 * @param verticalLabel the first line when it is not a {@code DEF:} or {@code CDEF:}; empty
 *     otherwise (the original then labels the axis with the plugin name)
 * @param elements the elements in the order of the text
 * @since 0.1
 */
public record GraphDefinition(Optional<String> verticalLabel, List<GraphElement> elements) {
    /** Validates the fields and copies the list. */
    public GraphDefinition {
        Objects.requireNonNull(verticalLabel, "verticalLabel");
        elements = List.copyOf(elements);
    }

    /** @return the {@code DEF} elements, in order */
    public List<GraphElement.Def> defs() {
        List<GraphElement.Def> defs = new ArrayList<>();
        for (GraphElement e : elements) {
            if (e instanceof GraphElement.Def d) {
                defs.add(d);
            }
        }
        return defs;
    }

    /** @return the distinct series the resolved {@code DEF}s read, in order; unresolved tags are left out */
    public Set<SeriesRef> series() {
        Set<SeriesRef> series = new LinkedHashSet<>();
        for (GraphElement.Def d : defs()) {
            if (d.source() instanceof SeriesSource.Series s) {
                series.add(s.ref());
            }
        }
        return series;
    }

    /** @return whether every {@code DEF} names a series */
    public boolean isResolved() {
        return defs().stream().allMatch(d -> d.source() instanceof SeriesSource.Series);
    }

    /**
     * Resolves every template tag against the graph's host and plugin.
     *
     * @param address the graph's host address, for {@code <%RRD %>} and {@code <%RRD_FOR %>}
     * @param escapedPlugin the graph's escaped plugin identifier, likewise
     * @return a definition whose {@code DEF}s all name series
     */
    public GraphDefinition resolve(String address, String escapedPlugin) {
        List<GraphElement> out = new ArrayList<>(elements.size());
        for (GraphElement e : elements) {
            if (e instanceof GraphElement.Def d && d.source() instanceof SeriesSource.Tag t) {
                out.add(new GraphElement.Def(d.line(), d.vname(), new SeriesSource.Series(t.resolve(address, escapedPlugin)),
                        d.ds(), d.cf()));
            } else {
                out.add(e);
            }
        }
        return new GraphDefinition(verticalLabel, out);
    }
}
