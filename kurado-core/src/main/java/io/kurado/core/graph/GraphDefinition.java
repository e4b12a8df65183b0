package io.kurado.core.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed graph definition.
 *
 * @param verticalLabel the first line when it is not a {@code DEF:} or {@code CDEF:}; empty otherwise
 *     (the original then labels the axis with the plugin name)
 * @param elements the elements in the order of the text
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

    /** @return the distinct files the {@code DEF}s read, in order; template tags not yet resolved are left out */
    public Set<Path> files() {
        Set<Path> files = new LinkedHashSet<>();
        for (GraphElement.Def d : defs()) {
            if (d.file() instanceof FileRef.File f) {
                files.add(f.path());
            }
        }
        return files;
    }

    /**
     * Resolves every template tag to a file.
     *
     * @param address the graph's host address, for {@code <%RRD %>} and {@code <%RRD_FOR %>}
     * @param escapedPlugin the graph's escaped plugin identifier, likewise
     * @param resolver the storage's layout
     * @return a definition whose {@code DEF}s all name files
     */
    public GraphDefinition resolve(String address, String escapedPlugin, FileResolver resolver) {
        List<GraphElement> out = new ArrayList<>(elements.size());
        for (GraphElement e : elements) {
            if (e instanceof GraphElement.Def d && d.file() instanceof FileRef.Template t) {
                Path p = resolver.resolve(t.address().orElse(address), t.plugin().orElse(escapedPlugin), t.key());
                out.add(new GraphElement.Def(d.line(), d.vname(), new FileRef.File(p), d.ds(), d.cf()));
            } else {
                out.add(e);
            }
        }
        return new GraphDefinition(verticalLabel, out);
    }
}
