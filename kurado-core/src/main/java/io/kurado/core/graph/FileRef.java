package io.kurado.core.graph;

import io.kurado.api.MetricKey;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where a {@code DEF} reads from: a file, or a template tag still to be resolved. */
public sealed interface FileRef {
    /**
     * A file given as a path, or resolved from a tag.
     *
     * @param path the RRD file
     */
    record File(Path path) implements FileRef {
        /** Validates the path. */
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A template tag: {@code <%RRD key %>} / {@code <%RRD_FOR key %>} (this host and plugin, both
     * empty) or {@code <%RRD_EXTEND plugin address key %>} (both given, used verbatim).
     *
     * @param key the metric key
     * @param plugin the escaped plugin identifier, empty for the graph's own plugin
     * @param address the host address, empty for the graph's own host
     */
    record Template(MetricKey key, Optional<String> plugin, Optional<String> address) implements FileRef {
        /** Validates the fields. */
        public Template {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(address, "address");
        }
    }
}
