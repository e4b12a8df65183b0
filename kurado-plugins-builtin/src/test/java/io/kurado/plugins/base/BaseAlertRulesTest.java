package io.kurado.plugins.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Host;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.meta.MetaWrite;
import io.kurado.core.alert.Conditions;
import io.kurado.core.alert.Evaluation;
import io.kurado.core.alert.Finding;
import io.kurado.core.config.AlertsConfig;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.memory.InMemoryStorage;
import io.kurado.core.status.HostStatus;
import io.kurado.core.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The base viewer's default alert rules, evaluated over what the agent's keys hold. */
class BaseAlertRulesTest {
    private static final PluginRef BASE = PluginRef.of("base");

    @Test
    void aNearlyFullDiskWarnsPerDeviceAndAHighLoadPerProcessorIsCritical() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryStorage storage = new InMemoryStorage();
        InMemoryMetaStore meta = new InMemoryMetaStore(clock, ZoneId.of("UTC"));
        Settings settings = new Settings(Optional.empty(), Path.of("data"), Path.of("rolls"), List.of(), 2, 1, 1,
                Settings.parseListen("127.0.0.1:5434"), Duration.ofSeconds(30), Map.of());
        Roll roll = new Roll("base.yml", Path.of("base.yml"), Map.of(), List.of(BASE));
        HostEntry host = new HostEntry(new Host("10.0.0.1", "db1", ""), "db", "", roll, Map.of());
        KuradoConfig config = new KuradoConfig(Path.of("kurado.yml"), settings, Map.of(),
                List.of(new Service("db", List.of(new Section("", List.of(host))))), Map.of("base.yml", roll))
                .withAlerts(AlertsConfig.NONE);
        HostStatus status = new HostStatus(meta, name -> false, clock);
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofMinutes(1));
            long now = clock.instant().getEpochSecond();
            List<Sample> s = new ArrayList<>();
            s.add(sample("disk-usage-sda1-used.gauge", 93, now));
            s.add(sample("disk-usage-sda1-available.gauge", 7, now));
            s.add(sample("disk-usage-mapper_vg-root-used.gauge", 40, now));
            s.add(sample("disk-usage-mapper_vg-root-available.gauge", 60, now));
            s.add(sample("loadavg-5.gauge", 9, now));
            s.add(sample("processors.gauge", 2, now));
            storage.write(s);
            meta.write(new MetaWrite(List.of(), List.of(), List.of(new MetaWrite.Received("10.0.0.1", BASE)), now));
        }
        Conditions c = new Conditions(config, name -> Optional.of(new BaseViewer()), storage, meta, Optional.empty(), status, clock);
        assertThat(c.rules()).containsOnlyKeys("disk-usage", "load-per-processor");
        Evaluation e = c.evaluate();
        assertThat(e.findings()).extracting(f -> f.labels().get("alertname") + " " + f.labels().getOrDefault("instance", "-") + " "
                + f.severity() + " " + Conditions.format(f.value()))
                .containsExactlyInAnyOrder("disk-usage sda1 warning 93", "load-per-processor - critical 4.5");
        Finding disk = e.findings().stream().filter(f -> f.labels().get("alertname").equals("disk-usage")).findFirst().orElseThrow();
        assertThat(disk.summary()).isEqualTo("disk sda1 of db1 is 93 % full");
    }

    private static Sample sample(String key, double value, long ts) {
        return new Sample("10.0.0.1", BASE, MetricKey.of(key), value, ts);
    }
}
