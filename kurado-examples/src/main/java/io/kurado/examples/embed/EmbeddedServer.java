package io.kurado.examples.embed;

import io.kurado.core.Kurado;
import io.kurado.core.Providers;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.plugin.PluginSetup;
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
            kurado.awaitTermination();
        }
    }

    /**
     * @param file a kurado.yml
     * @return the running engine, closed by Ctrl-C or SIGTERM; close it to stop sooner
     */
    public static Kurado start(Path file) {
        PluginSetup setup = PluginSetup.load(file, EmbeddedServer.class.getClassLoader());   // fails listing every problem
        KuradoConfig config = setup.config();
        PluginRegistry plugins = setup.registry();
        InstantSource clock = InstantSource.system();
        Providers providers = Providers.of(config, plugins, clock);  // what they make shares one Redis client
        return Kurado.builder()
                .config(config).registry(plugins).clock(clock)
                .storage(providers.storage())                             // RRD files in data_dir
                .queue(providers.queue())                                 // Redis when `redis:` is set, else in memory
                .metaStore(providers.metaStore())
                .coordination(providers.coordination())
                .build()                                                  // all four roles
                .closeOnShutdown()                                        // Ctrl-C or SIGTERM stops it cleanly
                .start();
    }
}
