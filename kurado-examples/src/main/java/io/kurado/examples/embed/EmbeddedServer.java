package io.kurado.examples.embed;

import io.kurado.core.Kurado;
import io.kurado.core.Providers;
import io.kurado.core.config.ConfigLoader;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.plugin.PluginJars;
import io.kurado.core.plugin.PluginRegistry;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Kurado inside an application: the configuration of a kurado.yml, the plugins on the class path
 * and in its metrics_plugin_dir, the storage and queue it names, and all four roles (scheduler,
 * fetch, update, web) until Ctrl-C or SIGTERM.
 */
public final class EmbeddedServer {
    private EmbeddedServer() {}

    /** @param args the configuration file (default kurado.yml) */
    public static void main(String[] args) throws Exception {
        try (Kurado kurado = start(Path.of(args.length > 0 ? args[0] : "kurado.yml"))) {
            kurado.closeOnShutdown();
            kurado.awaitTermination();
        }
    }

    /**
     * @param file a kurado.yml
     * @return the running engine; close it to stop
     */
    public static Kurado start(Path file) {
        KuradoConfig unchecked = ConfigLoader.load(file);
        ClassLoader loader = PluginJars.classLoader(unchecked.settings().pluginDirs(), EmbeddedServer.class.getClassLoader());
        PluginRegistry plugins = PluginRegistry.discover(loader);
        KuradoConfig config = ConfigLoader.load(file, plugins::exists);   // every plugin a roll names is installed
        InstantSource clock = InstantSource.system();
        return Kurado.builder()
                .config(config).registry(plugins).clock(clock)
                .storage(Providers.storage(config, plugins, clock))       // RRD files in data_dir
                .queue(Providers.queue(config, plugins, clock))           // Redis when `redis:` is set, else in memory
                .metaStore(Providers.metaStore(config, plugins, clock))
                .build()                                                  // all four roles
                .start();
    }
}
