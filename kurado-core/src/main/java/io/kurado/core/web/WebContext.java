package io.kurado.core.web;

import io.kurado.core.config.KuradoConfig;
import io.kurado.core.engine.ConfigReloads;
import io.kurado.core.engine.EngineStats;
import io.kurado.core.plugin.PluginRegistry;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;

/** What every page reads: configuration, plugins, host views, clock, zone, assets and counters. */
record WebContext(
        Supplier<KuradoConfig> configs,
        PluginRegistry registry,
        HostViews views,
        GraphBackend graphs,
        InstantSource clock,
        ZoneId zone,
        StaticAssets assets,
        Supplier<Optional<EngineStats>> stats,
        WebCounters counters,
        Optional<ConfigReloads> reloads,
        AlertBoard alerts) {
    /** @return the configuration in force, read at each request (a reload replaces it) */
    KuradoConfig config() {
        return configs.get();
    }
}
