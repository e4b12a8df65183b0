package io.kurado.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kurado.api.alert.AlertRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsConfigTest {
    private static final Set<String> INSTALLED = Set.of("base", "http");

    @TempDir
    Path tmp;

    private KuradoConfig load(String first) throws IOException {
        Files.createDirectories(tmp.resolve("rolls"));
        Files.writeString(tmp.resolve("rolls/web.yml"), "metrics: [base, \"http:80\"]\n");
        Files.writeString(tmp.resolve("kurado.yml"), first + "---\nservice: web\nservers:\n  - roll: web.yml\n    label: front\n"
                + "    hosts: [\"10.0.0.1 web1\"]\n");
        return ConfigLoader.loadWithPluginNames(tmp.resolve("kurado.yml"), dirs -> INSTALLED);
    }

    @Test
    void aConfigurationWithoutAlertsHasNone() throws IOException {
        KuradoConfig c = load("config:\n  rolls_dir: rolls\n");
        assertThat(c.alerts()).isEqualTo(AlertsConfig.NONE);
        assertThat(c.alerts().configured()).isFalse();
    }

    @Test
    void readsRulesReceiversAndGrouping() throws IOException {
        KuradoConfig c = load("""
                config:
                  rolls_dir: rolls
                alerts:
                  group_by: [service]
                  group_wait: 10s
                  group_interval: 2m
                  repeat_interval: 1d
                  external_url: https://kurado.example.com
                  receivers:
                    - name: ops
                      type: recording
                      team: infra
                  rules:
                    - name: load-per-processor
                      enabled: false
                    - name: slow-http
                      hosts: {service: web, section: front}
                      plugin: http
                      series: {ms: response-ms.gauge}
                      window: max 10m
                      warning: 500
                      critical: 2000
                      for: 3m
                      recover_for: 10m
                      summary: "{hostname} answers in {value} ms"
                    - name: free-inodes
                      plugin: base
                      series: {free: "inodes-*-free.gauge", total: "inodes-*-total.gauge"}
                      expr: free,total,/,100,*
                      direction: below
                      warning: 10
                """);
        AlertsConfig a = c.alerts();
        assertThat(a.configured()).isTrue();
        assertThat(a.groupBy()).containsExactly("service");
        assertThat(a.groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(a.groupInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(a.repeatInterval()).isEqualTo(Duration.ofDays(1));
        assertThat(a.externalUrl()).contains("https://kurado.example.com");
        assertThat(a.disabled()).containsExactly("load-per-processor");
        assertThat(a.receivers()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("ops");
            assertThat(r.type()).isEqualTo("recording");
            assertThat(r.settings()).containsEntry("team", "infra");
            assertThat(r.toString()).doesNotContain("infra");
        });
        assertThat(a.rules()).hasSize(2);
        AlertRuleConfig http = a.rules().get(0);
        assertThat(http.service()).contains("web");
        assertThat(http.section()).contains("front");
        assertThat(http.covers(c.host("10.0.0.1").orElseThrow())).isTrue();
        AlertRule r = http.rule();
        assertThat(r.expression()).isEqualTo("ms");
        assertThat(r.window()).isEqualTo(new AlertRule.Window(AlertRule.Aggregate.MAX, Duration.ofMinutes(10)));
        assertThat(r.warning()).contains(500.0);
        assertThat(r.critical()).contains(2000.0);
        assertThat(r.forDuration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(r.recoverFor()).isEqualTo(Duration.ofMinutes(10));
        AlertRule inodes = a.rules().get(1).rule();
        assertThat(inodes.direction()).isEqualTo(AlertRule.Direction.BELOW);
        assertThat(inodes.perInstance()).isTrue();
        assertThat(inodes.window().toString()).isEqualTo("avg 5m");
        assertThat(inodes.critical()).isEmpty();
    }

    @Test
    void everyProblemIsReportedWithItsLine() throws IOException {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
                config:
                  rolls_dir: rolls
                alerts:
                  group_wiat: 10s
                  repeat_interval: often
                  receivers:
                    - name: ops
                      type: webhok
                    - name: team
                      type: recording
                  rules:
                    - name: a
                      plugin: bsae
                      series: {x: x.gauge}
                      warning: 1
                    - name: b
                      plugin: base
                      series: {used: "u-*.gauge", avail: "a-*.gauge"}
                      expr: used,avail,+,TREND
                      warning: 1
                    - name: c
                      hosts: {service: wbe}
                      plugin: base
                      series: {x: x.gauge}
                      window: mean 5m
                      warning: 5
                      critical: 10
                      direction: abve
                """));
        assertThat(e).isNotNull();
        assertThat(e.getMessage())
                .contains("kurado.yml:4: unknown key 'group_wiat' in 'alerts'; did you mean 'group_wait'?")
                .contains("kurado.yml:5: 'repeat_interval' must be a duration")
                .contains("kurado.yml:8: receiver 'ops': no notifier of type 'webhok' is installed (installed: recording)")
                .contains("kurado.yml:9: receiver 'team': 'team' is missing")
                .contains("kurado.yml:13: rule 'a': no plugin 'bsae' is installed; did you mean 'base'?")
                .contains("kurado.yml:19: rule 'b': 'expr': 'TREND' looks at other points or at time")
                .contains("rule 'c': there is no service 'wbe'; did you mean 'web'?")
                .contains("kurado.yml:25: rule 'c': 'window' must be avg, min, max or last")
                .contains("kurado.yml:28: rule 'c': 'direction' must be above or below, not 'abve'; did you mean 'above'?");
    }

    @Test
    void thresholdsOnTheWrongSideAreRefused() throws IOException {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
                config:
                  rolls_dir: rolls
                alerts:
                  rules:
                    - name: c
                      plugin: base
                      series: {x: x.gauge}
                      warning: 10
                      critical: 5
                """));
        assertThat(e.getMessage()).contains("kurado.yml:5: rule 'c': the critical threshold 5.0 must be above the warning one 10.0");
    }
}
