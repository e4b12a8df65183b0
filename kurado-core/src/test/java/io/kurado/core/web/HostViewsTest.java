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
import io.kurado.api.MetricKey;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.StorageProblem;
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
                clock, ZoneOffset.UTC, List::of);
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

    @Test
    void filesThatCannotBeWrittenWarnTheirHostAndPluginAndMakeTheHostAWarning() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
        InMemoryMetaStore meta = new InMemoryMetaStore(clock, ZoneOffset.UTC);
        PluginRef base = PluginRef.of("base");
        PluginRef http = PluginRef.parse("http:80");
        for (String address : List.of("10.0.0.9", "10.0.0.10")) {
            for (PluginRef p : List.of(base, http)) {
                meta.write(new io.kurado.api.meta.MetaWrite(List.of(), List.of(),
                        List.of(new io.kurado.api.meta.MetaWrite.Received(address, p)), clock.instant().getEpochSecond()));
            }
        }
        List<StorageProblem> problems = new java.util.ArrayList<>();
        HostViews views = new HostViews(PluginRegistry.builder().build(), meta, clock, ZoneOffset.UTC, () -> problems);
        Roll roll = new Roll("r.yml", Path.of("r.yml"), Map.of(), List.of(base, http));
        HostEntry host = new HostEntry(Host.of("10.0.0.9"), "s", "", roll, Map.of());
        HostEntry other = new HostEntry(Host.of("10.0.0.10"), "s", "", roll, Map.of());
        assertThat(views.status(host)).isZero();

        problems.add(new StorageProblem(new SeriesRef("10.0.0.9", "http%3A80", MetricKey.of("reqs.derive")),
                "cannot create 10.0.0.9/http%3A80/reqs.derive.rrd: no space left on device", clock.instant(), true));
        problems.add(new StorageProblem(new SeriesRef("10.0.0.9", "base", MetricKey.of("cpu-user.derive")),
                "10.0.0.9/base/cpu-user.derive.rrd was broken (its header is zeros); moved it to 10.0.0.9/base/cpu-user.derive.rrd.corrupt-x",
                clock.instant(), false));

        assertThat(views.status(host)).as("a file that cannot be written now").isEqualTo(1);
        assertThat(views.status(other)).isZero();
        List<PluginPanel> panels = views.panels(host, Optional.empty());
        assertThat(panels.get(0).warnings().get("storage")).contains("was broken (its header is zeros)");
        assertThat(panels.get(1).warnings().get("storage")).isEqualTo(
                "cannot create 10.0.0.9/http%3A80/reqs.derive.rrd: no space left on device");
    }

    @Test
    void aFailedAgentCommandPluginIsLabelledInWordsNotByItsWireKey() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
        InMemoryMetaStore meta = new InMemoryMetaStore(clock, ZoneOffset.UTC);
        PluginRef process = PluginRef.of("process");
        meta.write(new io.kurado.api.meta.MetaWrite(List.of(),
                List.of(new io.kurado.api.Warning("10.0.0.9", process, "command", "failed to exec plugin:process: exit_code: 1",
                        clock.instant().getEpochSecond())),
                List.of(new io.kurado.api.meta.MetaWrite.Received("10.0.0.9", process)), clock.instant().getEpochSecond()));
        HostViews views = new HostViews(PluginRegistry.builder().build(), meta, clock, ZoneOffset.UTC, List::of);
        Roll roll = new Roll("r.yml", Path.of("r.yml"), Map.of(), List.of(process));
        HostEntry host = new HostEntry(Host.of("10.0.0.9"), "s", "", roll, Map.of());

        Html h = new Html();
        Panels.write(h, host, views.panels(host, Optional.empty()), new Panels.View("day", null, Optional.empty()), List.of(), clock.instant());

        assertThat(h.toString()).contains(">Agent command plugin process:</b>").contains("failed to exec plugin:process: exit_code: 1")
                .contains(">Kurado:</b> plugin &#39;process&#39; is not installed")
                .doesNotContain(">command:<", "_exec_plugin_:");
    }
}
