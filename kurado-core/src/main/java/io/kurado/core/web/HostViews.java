package io.kurado.core.web;

import io.kurado.api.PluginRef;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.PluginState;
import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.core.config.HostEntry;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.status.HostStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the pages show about a host: its status (0 ok, 1 warning, 2 critical, by the rules of
 * the original) and, per plugin, its graph groups and warnings.
 */
final class HostViews {
    private static final Logger log = LoggerFactory.getLogger(HostViews.class);

    static final String STALE_MESSAGE = "Metrics are not updated in the last 5 minutes. This host or kurado_agent has been down";

    private final PluginRegistry registry;
    private final MetaStore meta;
    private final InstantSource clock;
    private final ZoneId zone;
    private final HostStatus status;

    HostViews(PluginRegistry registry, MetaStore meta, InstantSource clock, ZoneId zone) {
        this.registry = registry;
        this.meta = meta;
        this.clock = clock;
        this.zone = zone;
        this.status = new HostStatus(meta, registry::hasFetcher, clock);
    }

    /** @return 2 when base is stale, 1 on a recent warning or a stale push-only plugin, else 0 */
    int status(HostEntry host) {
        return status.of(host).code();
    }

    /**
     * @param host a host
     * @param filter only this plugin, when given
     * @return one panel per plugin of the roll, in roll order
     */
    List<PluginPanel> panels(HostEntry host, Optional<PluginRef> filter) {
        List<PluginPanel> out = new ArrayList<>();
        Instant now = clock.instant();
        for (PluginRef p : host.plugins()) {
            if (filter.isPresent() && !filter.get().equals(p)) {
                continue;
            }
            out.add(panel(host, p, now));
        }
        return out;
    }

    private PluginPanel panel(HostEntry host, PluginRef p, Instant now) {
        PluginState st = meta.read(host.address(), p);
        Map<String, String> warnings = new HashMap<>(st.warnings());
        if (!registry.hasFetcher(p.name()) && HostStatus.isStale(st, now)) {
            warnings.put("__system__", STALE_MESSAGE + st.lastReceived()
                    .map(t -> ". last updated: " + TimeParam.format(t, zone)).orElse(""));
        }
        List<GraphGroup> groups = List.of();
        Optional<String> notice = Optional.empty();
        Optional<MetricsViewer> viewer = registry.viewer(p.name());
        if (viewer.isPresent()) {
            try {
                groups = viewer.get().list(new ViewContext(host.host(), p, host.metricsConfig(), st.meta()));
            } catch (RuntimeException e) {
                log.warn("Viewer {} failed for host {}: {}", p.identifier(), host.address(), e.toString());
                warnings.put("_exec_plugin_", "the viewer of " + p.identifier() + " failed: " + e.getMessage());
            }
        } else if (!registry.hasFetcher(p.name())) {
            warnings.put("_exec_plugin_", "plugin '" + p.name() + "' is not installed");
        } else {
            notice = Optional.of("plugin '" + p.name() + "' has a fetcher but no viewer: its data is stored, but no graph shows");
        }
        return new PluginPanel(p, groups, warnings, notice);
    }

}
