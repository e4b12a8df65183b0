package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.Roll;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testing.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostViewsTest {
    @Test
    void aPluginWithAFetcherButNoViewerSaysSoInsteadOfAnEmptyHeading() {
        MetricsFetcher fetchOnly = new MetricsFetcher() {
            @Override
            public String id() {
                return "cpuinfo";
            }

            @Override
            public FetchResult fetch(FetchContext context) {
                return context.result().gauge("mhz", 2400).build();
            }
        };
        ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
        HostViews views = new HostViews(PluginRegistry.builder().fetcher(fetchOnly).build(), new InMemoryMetaStore(clock, ZoneOffset.UTC),
                clock, ZoneOffset.UTC);
        Roll roll = new Roll("r.yml", Path.of("r.yml"), Map.of(), List.of(PluginRef.of("cpuinfo")));
        HostEntry host = new HostEntry(Host.of("10.0.0.9"), "s", "", roll, Map.of());

        PluginPanel panel = views.panels(host, Optional.empty()).get(0);

        assertThat(panel.groups()).isEmpty();
        assertThat(panel.hasWarnings()).as("not an error: the heading stays plain").isFalse();
        assertThat(panel.notice()).hasValue("plugin 'cpuinfo' has a fetcher but no viewer: its data is stored, but no graph shows");
        Html h = new Html();
        Panels.write(h, host, List.of(panel), new Panels.View("day", null, Optional.empty()), List.of(), clock.instant());
        assertThat(h.toString()).contains("<p class=\"notice\">plugin &#39;cpuinfo&#39; has a fetcher but no viewer");
    }
}
