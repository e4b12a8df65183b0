package io.kurado.core.config;

import java.util.Map;
import java.util.Objects;

/**
 * A receiver of notifications: its name, the type of notifier that delivers to it ({@code webhook},
 * {@code mail}, {@code alertmanager} or an application's own) and that notifier's settings.
 *
 * @param name the receiver's name
 * @param type the notifier type
 * @param settings the other keys of its entry, as YAML gave them
 * @param line the line it is written on, for messages
 */
public record ReceiverConfig(String name, String type, Map<String, Object> settings, int line) {
    /** Validates the fields and copies the settings. */
    public ReceiverConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        settings = Map.copyOf(settings);
    }

    /** @return the name and type; never the settings, which may hold secrets */
    @Override
    public String toString() {
        return "ReceiverConfig[" + name + ", type " + type + ", settings " + settings.keySet() + "]";
    }
}
