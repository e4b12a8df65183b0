package io.kurado.core.config;

import java.util.List;
import java.util.Objects;

/**
 * A service: a named group of sections of hosts.
 *
 * @param name the service name (any text, UTF-8)
 * @param sections the sections in file order
 */
public record Service(String name, List<Section> sections) {
    /** Validates the fields and copies the list. */
    public Service {
        Objects.requireNonNull(name, "name");
        sections = List.copyOf(sections);
    }

    /** @return the number of hosts in the service */
    public int hostCount() {
        return sections.stream().mapToInt(s -> s.hosts().size()).sum();
    }

    /** @return every host of the service, in file order */
    public List<HostEntry> hosts() {
        return sections.stream().flatMap(s -> s.hosts().stream()).toList();
    }
}
