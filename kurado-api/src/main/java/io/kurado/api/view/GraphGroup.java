package io.kurado.api.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A group of graphs on the host page: a title, meta badges and graph names.
 *
 * @param title the heading, possibly empty
 * @param meta the badges, in order
 * @param graphs the graph names, in order
 * @since 0.1
 */
public record GraphGroup(String title, List<MetaItem> meta, List<String> graphs) {
    /** Validates the fields and copies the lists. */
    public GraphGroup {
        Objects.requireNonNull(title, "title");
        meta = List.copyOf(meta);
        graphs = List.copyOf(graphs);
    }

    /**
     * @param title the heading
     * @param graphs the graph names
     * @return a group without badges
     */
    public static GraphGroup of(String title, String... graphs) {
        return new GraphGroup(title, List.of(), List.of(graphs));
    }

    /**
     * Reads the metrics-list text of the original's view plugins: a line starting with {@code #}
     * opens a group (title, then TAB-separated key/value badges; a value starting with {@code >||}
     * is raw HTML), any other non-empty line is a graph name, lines starting with {@code //} are
     * comments.
     *
     * @param text the metrics-list text
     * @return the groups
     */
    public static List<GraphGroup> parseList(String text) {
        List<GraphGroup> groups = new ArrayList<>();
        String title = null;
        List<MetaItem> meta = new ArrayList<>();
        List<String> graphs = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            if (line.startsWith("#")) {
                if (title != null) {
                    groups.add(new GraphGroup(title, meta, graphs));
                }
                String[] cols = line.substring(1).strip().split("\t", -1);
                title = cols[0].strip();
                meta = new ArrayList<>();
                graphs = new ArrayList<>();
                for (int i = 1; i < cols.length; i += 2) {
                    String value = i + 1 < cols.length ? cols[i + 1] : "";
                    boolean raw2 = value.startsWith(">||");
                    meta.add(new MetaItem(cols[i], raw2 ? value.substring(3) : value, raw2));
                }
            } else {
                if (title == null) {
                    title = "";
                }
                graphs.add(line);
            }
        }
        if (title != null) {
            groups.add(new GraphGroup(title, meta, graphs));
        }
        return List.copyOf(groups);
    }
}
