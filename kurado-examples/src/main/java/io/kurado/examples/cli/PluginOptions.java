package io.kurado.examples.cli;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.core.config.ConfigException;
import io.kurado.core.config.ConfigProblem;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.plugin.PluginJars;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.plugin.PluginSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the plugin commands find plugins and hosts: a configuration, plugin directories, or the class path. */
final class PluginOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "A kurado.yml: its metrics_plugin_dir jars are loaded, and its hosts and metrics_config used.")
    Optional<Path> config;

    @Option(names = "--plugin-dir", paramLabel = "DIR", description = "A directory of plugin jars (repeatable).")
    List<Path> pluginDirs = List.of();

    private KuradoConfig loaded;

    /**
     * @param err where configuration problems are printed
     * @return the plugins; empty (after printing why) when the configuration has errors
     */
    Optional<PluginRegistry> registry(PrintWriter err) {
        ClassLoader app = PluginOptions.class.getClassLoader();
        ClassLoader cl = pluginDirs.isEmpty() ? app : PluginJars.classLoader(pluginDirs, app);
        if (config.isEmpty()) {
            return Optional.of(PluginRegistry.discover(cl));
        }
        try {
            PluginSetup setup = PluginSetup.load(config.get(), cl);
            loaded = setup.config();
            return Optional.of(setup.registry());
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                err.println(p);
            }
            err.println("The configuration has errors.");
            return Optional.empty();
        }
    }

    /**
     * @param address a host address
     * @return the host as configured, or one of that address
     */
    Host host(String address) {
        return configured(address).map(HostEntry::host).orElse(Host.of(address));
    }

    /**
     * @param address a host address
     * @return its merged metrics_config, or the global one when the address is not configured
     */
    Map<String, Object> metricsConfig(String address) {
        if (loaded == null) {
            return Map.of();
        }
        return configured(address).map(HostEntry::metricsConfig).orElse(loaded.metricsConfig());
    }

    private Optional<HostEntry> configured(String address) {
        return loaded == null ? Optional.empty() : loaded.host(address);
    }

    static PluginRef entry(String text) {
        return PluginRef.parse(text.strip());
    }
}
