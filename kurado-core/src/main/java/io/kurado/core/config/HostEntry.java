package io.kurado.core.config;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A configured host with everything needed to fetch and show it.
 *
 * @param host address, hostname and comments
 * @param service the service it belongs to
 * @param section the label of its section, possibly empty
 * @param roll the roll it runs
 * @param metricsConfig the global {@code metrics_config} with the roll's merged over it
 */
public record HostEntry(Host host, String service, String section, Roll roll, Map<String, Object> metricsConfig) {
    /** Validates the fields and copies the map. */
    public HostEntry {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(roll, "roll");
        metricsConfig = Map.copyOf(metricsConfig);
    }

    /** @return the host address */
    public String address() {
        return host.address();
    }

    /** @return the roll's plugin entries, in roll order */
    public List<PluginRef> plugins() {
        return roll.plugins();
    }
}
