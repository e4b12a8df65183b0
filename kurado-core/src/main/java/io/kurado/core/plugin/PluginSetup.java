package io.kurado.core.plugin;

import io.kurado.core.config.ConfigException;
import io.kurado.core.config.ConfigLoader;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A configuration together with the plugins it runs: those on the class path and in its
 * {@code metrics_plugin_dir} jars, discovered as the daemon discovers them.
 *
 * @param config the configuration
 * @param registry the plugins
 */
public record PluginSetup(KuradoConfig config, PluginRegistry registry) {
    /** Validates the fields. */
    public PluginSetup {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
    }

    /** The plugin name of the agent's standard metrics, fed by every agent. */
    public static final String BASE = "base";

    /**
     * Loads a configuration and discovers its plugins, reporting unknown plugins together with
     * every other problem of the files.
     *
     * @param file the main YAML file
     * @param parent the class loader of the application; the plugin jars are loaded on top of it
     * @return the configuration and its plugins
     * @throws ConfigException listing every problem found
     */
    public static PluginSetup load(Path file, ClassLoader parent) {
        AtomicReference<PluginRegistry> registry = new AtomicReference<>();
        KuradoConfig cfg = ConfigLoader.loadWithPluginNames(file, dirs -> {
            PluginRegistry r = PluginRegistry.discover(PluginJars.classLoader(dirs, parent));
            registry.set(r);
            return r.pluginNames();
        });
        return new PluginSetup(cfg, registry.get());
    }

    /**
     * What a roll names that will not show as the user may expect: a plugin with a fetcher but no
     * viewer (its data is stored, no graph shows), and one with a viewer but no fetcher other than
     * {@code base} (only an agent's command plugin of that name can feed it).
     *
     * @return one per plugin, naming it and the rolls that use it
     */
    public List<Warning> warnings() {
        Map<String, Set<String>> rolls = new LinkedHashMap<>();
        for (Roll r : config.rolls().values()) {
            r.plugins().forEach(p -> rolls.computeIfAbsent(p.name(), k -> new LinkedHashSet<>()).add(r.name()));
        }
        List<Warning> out = new ArrayList<>();
        rolls.forEach((name, in) -> {
            Set<PluginRegistry.Kind> kinds = registry.kinds(name);
            String where = " (roll " + String.join(", ", in) + ")";
            if (kinds.equals(Set.of(PluginRegistry.Kind.FETCH))) {
                out.add(new Warning(name, false, "plugin '" + name + "'" + where
                        + " has a fetcher but no viewer: its data is stored, but no graph will show"));
            } else if (kinds.equals(Set.of(PluginRegistry.Kind.VIEW)) && !name.equals(BASE)) {
                out.add(new Warning(name, true, "plugin '" + name + "'" + where
                        + " has a viewer but no fetcher: only an agent's command plugin named '" + name + "' can feed it"));
            }
        });
        return out;
    }

    /**
     * A plugin a roll names that will not show as the user may expect.
     *
     * @param plugin the plugin name
     * @param pushOnly true when it has a viewer and no fetcher, false when it has a fetcher and no viewer
     * @param message the sentence to show, naming the plugin and its rolls
     */
    public record Warning(String plugin, boolean pushOnly, String message) {
        /** Validates the fields. */
        public Warning {
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * @param config a configuration
     * @param registry its plugins
     * @return the hosts whose roll names a push-only plugin other than {@code base}, by plugin name
     */
    public static Map<String, List<HostEntry>> pushOnlyHosts(KuradoConfig config, PluginRegistry registry) {
        Map<String, List<HostEntry>> out = new LinkedHashMap<>();
        for (HostEntry h : config.hosts()) {
            for (var p : h.plugins()) {
                if (!p.name().equals(BASE) && registry.kinds(p.name()).equals(Set.of(PluginRegistry.Kind.VIEW))) {
                    out.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(h);
                }
            }
        }
        return out;
    }
}
