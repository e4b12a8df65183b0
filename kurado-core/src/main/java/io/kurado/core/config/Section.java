package io.kurado.core.config;

import java.util.List;
import java.util.Objects;

/**
 * A section of a service: an optional label and its hosts in file order.
 *
 * @param label the label, empty when the section has none
 * @param hosts the hosts
 */
public record Section(String label, List<HostEntry> hosts) {
    /** Validates the fields and copies the list. */
    public Section {
        Objects.requireNonNull(label, "label");
        hosts = List.copyOf(hosts);
    }
}
