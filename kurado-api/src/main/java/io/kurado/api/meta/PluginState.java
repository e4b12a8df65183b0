package io.kurado.api.meta;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the meta store knows about one plugin of one host.
 *
 * @param meta live meta values by key (stored in the last hour)
 * @param warnings live warnings by key (stored in the last five minutes), each
 *     {@code YYYY-MM-DDTHH:MM:SS message}
 * @param lastReceived when data of this plugin last arrived, if ever
 * @since 0.1
 */
public record PluginState(Map<String, String> meta, Map<String, String> warnings, Optional<Instant> lastReceived) {
    /** Copies the maps. */
    public PluginState {
        meta = Map.copyOf(meta);
        warnings = Map.copyOf(warnings);
        lastReceived = lastReceived == null ? Optional.empty() : lastReceived;
    }

    /** @return a state with nothing stored */
    public static PluginState empty() {
        return new PluginState(Map.of(), Map.of(), Optional.empty());
    }
}
