package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsCommandTest {
    @TempDir
    Path dir;

    private Path config(String alerts) throws IOException {
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/base.yml"), "metrics: [base]\n");
        Path file = dir.resolve("kurado.yml");
        Files.writeString(file, "config:\n  data_dir: data\n  rolls_dir: rolls\n" + alerts
                + "---\nservice: db\nservers:\n  - roll: base.yml\n    hosts:\n      - 10.0.0.1 db1\n      - 10.0.0.2 db2\n");
        return file;
    }

    @Test
    void testPrintsWhatWouldFireFromTheStoredDataAndSendsNothing() throws IOException {
        Path file = config("alerts:\n  rules:\n    - name: load-per-processor\n      enabled: false\n");
        long now = Instant.now().getEpochSecond();
        long created = now - 30 * 60;
        try (RrdStorage storage = new RrdStorage(dir.resolve("data"),
                RrdStorageOptions.defaults(InstantSource.fixed(Instant.ofEpochSecond(created))))) {
            storage.openForWriting();
            List<Sample> s = new ArrayList<>();
            for (long t = now - 15 * 60; t <= now; t += 60) {
                s.add(new Sample("10.0.0.1", PluginRef.of("base"), MetricKey.of("disk-usage-sda1-used.gauge"), 97, t));
                s.add(new Sample("10.0.0.1", PluginRef.of("base"), MetricKey.of("disk-usage-sda1-available.gauge"), 3, t));
                s.add(new Sample("10.0.0.2", PluginRef.of("base"), MetricKey.of("disk-usage-sda1-used.gauge"), 50, t));
                s.add(new Sample("10.0.0.2", PluginRef.of("base"), MetricKey.of("disk-usage-sda1-available.gauge"), 50, t));
            }
            storage.write(s);
        }
        ConfigCommandTest.Run r = ConfigCommandTest.run("alerts", "test", "-c", file.toString());
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("2 hosts, 1 threshold rules (disk-usage); switched off: load-per-processor")
                .contains("CRITICAL disk-usage             db1 10.0.0.1 [sda1] = 97: disk sda1 of db1 is 97 % full (fires once it lasts 5 min)")
                .contains("1 would fire, 0 hosts down")
                .doesNotContain("10.0.0.2 [");
    }

    @Test
    void silenceWithoutRedisSaysToUseTheServersApi() throws IOException {
        Path file = config("");
        ConfigCommandTest.Run r = ConfigCommandTest.run("alerts", "silence", "-c", file.toString(), "--match", "host=10.0.0.1",
                "--for", "2h");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("no Redis").contains("/api/silences");
    }

    @Test
    void aBrokenRuleIsReportedWithItsLineAndNothingIsEvaluated() throws IOException {
        Path file = config("alerts:\n  rules:\n    - name: x\n      plugin: base\n      series: {a: a.gauge}\n      expr: a,PREV\n"
                + "      warning: 1\n");
        ConfigCommandTest.Run r = ConfigCommandTest.run("alerts", "test", "-c", file.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("kurado.yml:9: rule 'x': 'expr': 'PREV' looks at other points");
    }

    @Test
    void theServerRunsTheAlertsRoleWhenTheConfigurationHasRulesOrReceiversAndNoRolesAreGiven() throws IOException {
        io.kurado.core.config.KuradoConfig plain = io.kurado.core.config.ConfigLoader.load(config(""));
        io.kurado.core.config.KuradoConfig withRules = io.kurado.core.config.ConfigLoader.load(
                config("alerts:\n  rules:\n    - name: disk-usage\n      enabled: false\n    - name: x\n      plugin: base\n"
                        + "      series: {a: a.gauge}\n      warning: 1\n"));
        java.util.Set<io.kurado.core.engine.Role> defaults = io.kurado.core.engine.Role.DEFAULTS;
        assertThat(ServerCommand.withAlerts(defaults, false, plain)).isEqualTo(defaults);
        assertThat(ServerCommand.withAlerts(defaults, false, withRules)).extracting(io.kurado.core.engine.Role::label)
                .containsExactly("scheduler", "fetch", "update", "web", "alerts");
        assertThat(ServerCommand.withAlerts(java.util.Set.of(io.kurado.core.engine.Role.WEB), true, withRules))
                .containsExactly(io.kurado.core.engine.Role.WEB);
    }

    @Test
    void configListsTheRulesInForceAndTheReceivers() throws IOException {
        Path file = config("alerts:\n  rules:\n    - name: load-per-processor\n      enabled: false\n    - name: inodes\n"
                + "      plugin: base\n      series: {free: \"inodes-*-free.gauge\"}\n      direction: below\n      warning: 5\n");
        ConfigCommandTest.Run r = ConfigCommandTest.run("config", "-c", file.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("# ALERTS\n rules: disk-usage, inodes\n switched off: load-per-processor\n receivers: none\n");
    }
}
