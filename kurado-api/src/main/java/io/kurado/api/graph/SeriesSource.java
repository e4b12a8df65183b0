package io.kurado.api.graph;

import io.kurado.api.MetricKey;
import io.kurado.api.storage.SeriesRef;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@code DEF} reads: a series of the storage, or a template tag of the definition text
 * still to be resolved against the graph's host and plugin.
 *
 * @since 0.1
 */
public sealed interface SeriesSource {
    /**
     * A series, named by host address, escaped plugin identifier and metric key; how it is kept
     * (a file, a table) is the storage's business.
     *
     * @param ref the series
     */
    record Series(SeriesRef ref) implements SeriesSource {
        /** Validates the reference. */
        public Series {
            Objects.requireNonNull(ref, "ref");
        }
    }

    /**
     * A template tag: {@code <%RRD key %>} / {@code <%RRD_FOR key %>} (this host and plugin: both
     * empty) or {@code <%RRD_EXTEND plugin address key %>} (both given, used verbatim).
     *
     * @param key the metric key
     * @param plugin the escaped plugin identifier, empty for the graph's own plugin
     * @param address the host address, empty for the graph's own host
     */
    record Tag(MetricKey key, Optional<String> plugin, Optional<String> address) implements SeriesSource {
        /** Validates the fields. */
        public Tag {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(address, "address");
        }

        /**
         * @param address the graph's host address
         * @param escapedPlugin the graph's escaped plugin identifier
         * @return the series this tag names for that graph
         */
        public SeriesRef resolve(String address, String escapedPlugin) {
            return new SeriesRef(this.address.orElse(address), plugin.orElse(escapedPlugin), key);
        }
    }
}
