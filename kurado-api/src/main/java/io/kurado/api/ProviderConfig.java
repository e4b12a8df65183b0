package io.kurado.api;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider gets to create its {@code Storage}, {@code Queue} or {@code MetaStore}: the
 * settings of the configuration's {@code config} document (as text), the data directory and the
 * clock. The providers given one {@code ProviderConfig} may share resources through {@link
 * #shared()} (the Redis providers share one client); give the same one to every provider of an
 * engine.
 *
 * @param settings the settings by name ({@code redis}, {@code data_dir}, …); values as text
 * @param dataDir the absolute data directory
 * @param clock the clock every time-dependent decision reads
 * @param shared what the providers given this configuration share
 * @since 0.1
 */
public record ProviderConfig(Map<String, String> settings, Path dataDir, InstantSource clock, SharedResources shared) {
    /** Validates the fields and copies the map. */
    public ProviderConfig {
        settings = Map.copyOf(settings);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(shared, "shared");
    }

    /**
     * A configuration whose providers share resources with no other.
     *
     * @param settings the settings by name; values as text
     * @param dataDir the absolute data directory
     * @param clock the clock every time-dependent decision reads
     */
    public ProviderConfig(Map<String, String> settings, Path dataDir, InstantSource clock) {
        this(settings, dataDir, clock, new SharedResources());
    }

    /**
     * @param key a setting name
     * @return its value, if set and not blank
     */
    public Optional<String> get(String key) {
        String v = settings.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /**
     * @param key a setting name
     * @param defaultValue the value when it is not set
     * @return the integer value
     * @throws KuradoException when the value is not an integer, naming the key and the value
     */
    public int getInt(String key, int defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get().strip());
        } catch (NumberFormatException e) {
            throw new KuradoException("setting '" + key + "' must be an integer, not '" + v.get() + "'");
        }
    }

    /** @return the settings with passwords in URIs ({@code scheme://user:password@host}) replaced by {@code ***} */
    @Override
    public String toString() {
        java.util.Map<String, String> shown = new java.util.TreeMap<>();
        settings.forEach((k, v) -> shown.put(k, k.toLowerCase(java.util.Locale.ROOT).contains("password") ? "***"
                : v.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*://)[^@/\\s]*@", "$1***@")));
        return "ProviderConfig[settings=" + shown + ", dataDir=" + dataDir + "]";
    }
}
