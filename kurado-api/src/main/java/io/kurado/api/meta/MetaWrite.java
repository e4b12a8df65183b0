package io.kurado.api.meta;

import io.kurado.api.Meta;
import io.kurado.api.PluginRef;
import io.kurado.api.Warning;
import java.util.List;
import java.util.Objects;

/**
 * One batch's worth of writes to the meta store.
 *
 * @param meta meta values to store (kept an hour)
 * @param warnings warnings to store (kept five minutes)
 * @param received host and plugin pairs whose data arrived at {@code receivedAt}
 * @param receivedAt epoch second of arrival, by the updater's clock
 * @since 0.1
 */
public record MetaWrite(List<Meta> meta, List<Warning> warnings, List<Received> received, long receivedAt) {
    /** Copies the lists. */
    public MetaWrite {
        meta = List.copyOf(meta);
        warnings = List.copyOf(warnings);
        received = List.copyOf(received);
    }

    /**
     * A host and plugin whose data arrived.
     *
     * @param address the host address
     * @param plugin the plugin
     */
    public record Received(String address, PluginRef plugin) {
        /** Validates the fields. */
        public Received {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(plugin, "plugin");
        }
    }
}
