package io.kurado.api.alert;

import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * One receiver of the configuration, as its notifier provider gets it.
 *
 * @param name the receiver's name
 * @param settings its settings as YAML gave them (strings, numbers, booleans, lists, maps)
 * @param externalUrl the address of Kurado's web UI, for links
 * @param clock the clock
 */
public record NotifierConfig(String name, Map<String, Object> settings, String externalUrl, InstantSource clock) {
    /** Copies the settings. */
    public NotifierConfig {
        settings = Map.copyOf(settings);
    }

    /**
     * @param key a setting's name
     * @return its value as text, if set
     */
    public Optional<String> string(String key) {
        Object v = settings.get(key);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }
}
