package io.kurado.core.web;

import io.kurado.api.PluginRef;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.PluginState;
import io.kurado.api.storage.StorageProblem;
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
import java.util.function.Supplier;
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
    private final Supplier<List<StorageProblem>> storageProblems;

    HostViews(PluginRegistry registry, MetaStore meta, InstantSource clock, ZoneId zone,
            Supplier<List<StorageProblem>> storageProblems) {
        this.registry = registry;
        this.meta = meta;
        this.clock = clock;
        this.zone = zone;
        this.status = new HostStatus(meta, registry::hasFetcher, clock);
        this.storageProblems = storageProblems;
    }

    /**
     * @return 2 when base is stale or has never arrived, 1 on a recent warning, a stale push-only
     *     plugin or files of the host that cannot be written now, else 0
     */
    int status(HostEntry host) {
        return level(host).code();
    }

    /**
     * @return critical when base is stale, waiting while a host that never reported is new to the
     *     server, warning on a recent warning, a stale push-only plugin or files of the host that
     *     cannot be written now, else ok
     */
    HostStatus.Level level(HostEntry host) {
        HostStatus.Level level = status.of(host);
        if ((level == HostStatus.Level.OK || level == HostStatus.Level.WAITING) && storageProblems.get().stream()
                .anyMatch(p -> p.ongoing() && p.series().address().equals(host.address()))) {
            return HostStatus.Level.WARNING;
        }
        return level;
    }

    /** @return the storage's problems now, ongoing ones first */
    List<StorageProblem> storageProblems() {
        return storageProblems.get();
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
        Optional<String> notice = Optional.empty();
        if (!registry.hasFetcher(p.name())) {
            String since = watched(now);
            if (st.lastReceived().isPresent() && HostStatus.isStale(st, now)) {
                warnings.put("__system__", STALE_MESSAGE + ". last updated: " + TimeParam.format(st.lastReceived().get(), zone));
            } else if (HostStatus.isStale(st, now, status.watchingSince())) {
                warnings.put("__system__", "No data received since the server started " + since
                        + ": this host or its kurado_agent has not reported yet");
            } else if (st.lastReceived().isEmpty()) {
                notice = Optional.of("Waiting for the first data: the server started " + since + " and nothing has arrived"
                        + " from this host's kurado_agent yet; the host counts as down if nothing arrives within 5 minutes of the start.");
            }
        }
        storageWarning(host, p).ifPresent(w -> warnings.put("storage", w));
        List<GraphGroup> groups = List.of();
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
        return new PluginPanel(p, groups, warnings, notice, registry.hasFetcher(p.name()));
    }


    /** @return how long ago the server started watching, e.g. {@code 3 minutes ago} */
    private String watched(Instant now) {
        long minutes = java.time.Duration.between(status.watchingSince(), now).toMinutes();
        return minutes < 1 ? "less than a minute ago" : minutes == 1 ? "1 minute ago" : minutes + " minutes ago";
    }

    /** The storage's problems with this host's files of this plugin, as one warning. */
    private Optional<String> storageWarning(HostEntry host, PluginRef p) {
        String plugin = p.escapedIdentifier();
        List<String> lines = new ArrayList<>();
        int more = 0;
        for (StorageProblem sp : storageProblems.get()) {
            if (sp.series().address().equals(host.address()) && sp.series().escapedPlugin().equals(plugin)) {
                if (lines.size() < 3) {
                    lines.add((sp.ongoing() ? "" : TimeParam.format(sp.since(), zone) + " ") + sp.message());
                } else {
                    more++;
                }
            }
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("; ", lines) + (more > 0 ? "; and " + more + " more file(s)" : ""));
    }
}
