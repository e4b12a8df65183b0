package io.kurado.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.RulesViewer;
import io.kurado.api.Host;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.Warning;
import io.kurado.api.alert.Alert;
import io.kurado.api.alert.AlertRule;
import io.kurado.api.alert.Notification;
import io.kurado.api.meta.MetaWrite;
import io.kurado.core.config.AlertRuleConfig;
import io.kurado.core.config.AlertsConfig;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import io.kurado.core.memory.InMemoryCoordination;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.memory.InMemoryStorage;
import io.kurado.core.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The alerts of an engine: conditions read from an in-memory storage and meta store, on a manual clock. */
class AlertRunnerTest {
    private static final PluginRef BASE = PluginRef.of("base");
    private static final PluginRef HTTP = PluginRef.of("http", "80");
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:10Z"));
    private final InMemoryStorage storage = new InMemoryStorage();
    private final InMemoryMetaStore meta = new InMemoryMetaStore(clock, ZoneId.of("UTC"));
    private final InMemoryCoordination coordination = new InMemoryCoordination(clock);
    private final RecordingNotifier ops = new RecordingNotifier();

    /** @return a viewer of base whose only default rule is a disk over 90 % / 95 % */
    static RulesViewer diskViewer() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("used", "disk-usage-*-used.gauge");
        s.put("avail", "disk-usage-*-available.gauge");
        return new RulesViewer("base", List.of(new AlertRule("disk-usage", "base", s, "used,used,avail,+,/,100,*",
                new AlertRule.Window(AlertRule.Aggregate.AVG, Duration.ofMinutes(5)), Optional.of(90.0), Optional.of(95.0),
                AlertRule.Direction.ABOVE, Duration.ofMinutes(5), Duration.ofMinutes(10), "disk {instance} is {value} % full")));
    }

    static KuradoConfig config(int hosts, AlertsConfig alerts) {
        Settings settings = new Settings(Optional.empty(), Path.of("data"), Path.of("rolls"), List.of(), 2, 1, 1,
                Settings.parseListen("127.0.0.1:5434"), Duration.ofSeconds(30), Map.of());
        Roll roll = new Roll("web.yml", Path.of("web.yml"), Map.of(), List.of(BASE, HTTP));
        List<HostEntry> list = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            list.add(new HostEntry(new Host("10.0." + (i / 250) + "." + (i % 250 + 1), "web" + i, ""), "web", "", roll, Map.of()));
        }
        return new KuradoConfig(Path.of("kurado.yml"), settings, Map.of(), List.of(new Service("web", List.of(new Section("", list)))),
                Map.of(roll.name(), roll)).withAlerts(alerts);
    }

    private AlertRunner runner(KuradoConfig config, String node, RecordingNotifier notifier) {
        return new AlertRunner(() -> config, name -> name.equals("base") ? Optional.of(diskViewer()) : Optional.empty(),
                name -> name.equals("http"), storage, meta, Optional.empty(), () -> coordination, node, Map.of("ops", notifier),
                clock);
    }

    /** The agents of the hosts push a minute of base data: a disk {@code sda1} that is {@code percent} full. */
    private void push(KuradoConfig config, double percent) {
        long now = clock.instant().getEpochSecond();
        List<Sample> samples = new ArrayList<>();
        List<MetaWrite.Received> received = new ArrayList<>();
        for (HostEntry h : config.hosts()) {
            samples.add(new Sample(h.address(), BASE, MetricKey.of("disk-usage-sda1-used.gauge"), percent, now));
            samples.add(new Sample(h.address(), BASE, MetricKey.of("disk-usage-sda1-available.gauge"), 100 - percent, now));
            received.add(new MetaWrite.Received(h.address(), BASE));
        }
        storage.write(samples);
        meta.write(new MetaWrite(List.of(), List.of(), received, now));
    }

    /** Minutes go by: data arrives (when {@code percent} is given), the runner evaluates and delivers. */
    private void minutes(int n, AlertRunner r, KuradoConfig config, Double percent) {
        for (int i = 0; i < n; i++) {
            if (percent != null) {
                push(config, percent);
            }
            r.evaluate(clock.instant().getEpochSecond() / 60);
            for (int s = 0; s < 6; s++) {
                clock.advance(Duration.ofSeconds(10));
                r.deliver();
            }
        }
    }

    @Test
    void aViewersDefaultRuleFiresPerInstanceAfterItsFor() {
        KuradoConfig config = config(1, AlertsConfig.NONE);
        AlertRunner r = runner(config, "a", ops);
        minutes(3, r, config, 50.0);
        // the 5-minute average crosses 95 % in the 5th minute at 97 %, then 'for' waits 5 minutes more
        minutes(8, r, config, 97.0);
        assertThat(ops.sent).isEmpty();
        assertThat(r.alerts()).singleElement().satisfies(v -> assertThat(v.state()).isEqualTo("pending"));
        minutes(3, r, config, 97.0);
        assertThat(ops.sent).singleElement().satisfies(n -> {
            Alert a = n.alerts().get(0);
            assertThat(a.labels()).containsEntry("alertname", "disk-usage").containsEntry("instance", "sda1")
                    .containsEntry("severity", "critical").containsEntry("host", "10.0.0.1").containsEntry("plugin", "base");
            assertThat(a.annotations().get("summary")).isEqualTo("disk sda1 is 97 % full");
        });
        assertThat(r.alerts()).singleElement().satisfies(v -> assertThat(v.state()).isEqualTo("firing"));
    }

    @Test
    void theConfigurationSwitchesADefaultRuleOffOrReplacesIt() {
        AlertsConfig off = new AlertsConfig(List.of(), Set.of("disk-usage"), List.of(), AlertsConfig.DEFAULT_GROUP_BY,
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), Optional.empty());
        KuradoConfig config = config(1, off);
        AlertRunner r = runner(config, "a", ops);
        minutes(15, r, config, 97.0);
        assertThat(ops.sent).isEmpty();

        AlertRule stricter = new AlertRule("disk-usage", "base", Map.of("used", "disk-usage-*-used.gauge"), "used",
                new AlertRule.Window(AlertRule.Aggregate.LAST, Duration.ofMinutes(1)), Optional.of(50.0), Optional.empty(),
                AlertRule.Direction.ABOVE, Duration.ZERO, Duration.ZERO, "{value}");
        KuradoConfig replaced = config(1, new AlertsConfig(List.of(AlertRuleConfig.all(stricter)), Set.of(), List.of(),
                AlertsConfig.DEFAULT_GROUP_BY, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), Optional.empty()));
        assertThat(Conditions.rules(replaced, n -> Optional.of(diskViewer())).get("disk-usage").rule()).isEqualTo(stricter);
        AlertRunner r2 = runner(replaced, "a", ops);
        minutes(2, r2, replaced, 60.0);
        assertThat(ops.sent).singleElement().satisfies(n -> assertThat(n.groupLabels()).containsEntry("severity", "warning"));
    }

    @Test
    void twoHundredHostsThatStopSendingGiveOneHostDownNotification() {
        KuradoConfig config = config(200, AlertsConfig.NONE);
        AlertRunner r = runner(config, "a", ops);
        minutes(3, r, config, 10.0);
        minutes(10, r, config, null);
        assertThat(ops.sent).singleElement().satisfies(n -> {
            assertThat(n.alerts()).hasSize(200).allSatisfy(a -> assertThat(a.name()).isEqualTo(Conditions.HOST_DOWN));
            assertThat(n.groupLabels()).containsEntry("service", "web").containsEntry("severity", "critical");
        });
        minutes(2, r, config, 10.0);
        assertThat(ops.sent).hasSize(2);
        assertThat(ops.sent.get(1).status()).isEqualTo(Alert.Status.RESOLVED);
    }

    @Test
    void aFailingFetchAlertsWhenItLastsAndAfullDiskOfADownHostIsHeldBack() {
        KuradoConfig config = config(1, AlertsConfig.NONE);
        AlertRunner r = runner(config, "a", ops);
        for (int i = 0; i < 8; i++) {
            long now = clock.instant().getEpochSecond();
            meta.write(new MetaWrite(List.of(), List.of(new Warning("10.0.0.1", HTTP, "fetch", "connection refused", now)),
                    List.of(), now));
            minutes(1, r, config, 10.0);
        }
        assertThat(ops.sent).singleElement().satisfies(n -> assertThat(n.alerts().get(0).labels())
                .containsEntry("alertname", Conditions.PLUGIN_FAILING).containsEntry("plugin", "http:80"));
        assertThat(ops.sent.get(0).alerts().get(0).annotations().get("summary")).endsWith("connection refused");
    }

    @Test
    void onlyOneOfTwoServersEvaluatesEachMinuteAndTheOtherCarriesOn() {
        KuradoConfig config = config(1, AlertsConfig.NONE);
        RecordingNotifier other = new RecordingNotifier();
        AlertRunner a = runner(config, "a", ops);
        AlertRunner b = runner(config, "b", other);
        long minute = clock.instant().getEpochSecond() / 60;
        assertThat(a.evaluate(minute)).isTrue();
        assertThat(b.evaluate(minute)).isFalse();
        minutes(12, a, config, 97.0);
        assertThat(ops.sent).hasSize(1);
        // a stops; b takes over from the state a left, and says nothing again
        minutes(30, b, config, 97.0);
        assertThat(other.sent).isEmpty();
        minutes(12, b, config, 10.0);
        assertThat(other.sent).singleElement().satisfies(n -> assertThat(n.status()).isEqualTo(Alert.Status.RESOLVED));
    }

    @Test
    void aNotificationKindIsFlappingForAHostThatComesAndGoes() {
        KuradoConfig config = config(1, AlertsConfig.NONE);
        AlertRunner r = runner(config, "a", ops);
        minutes(2, r, config, 10.0);
        for (int i = 0; i < 6; i++) {
            minutes(6, r, config, null);
            minutes(1, r, config, 10.0);
        }
        assertThat(ops.of(Notification.Kind.FLAPPING)).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aReloadThatChangesTheAlertsMakesTheNotifiersAgainAndKeepsTheState() {
        java.util.concurrent.atomic.AtomicReference<KuradoConfig> current = new java.util.concurrent.atomic.AtomicReference<>(
                config(1, AlertsConfig.NONE));
        RecordingNotifier team = new RecordingNotifier();
        AlertRunner r = new AlertRunner(current::get, name -> Optional.of(diskViewer()), name -> false, storage, meta,
                Optional.empty(), () -> coordination, "a",
                c -> c.alerts().groupWait().isZero() ? Map.of("ops", ops, "team", team) : Map.of("ops", ops), clock, false);
        minutes(12, r, current.get(), 97.0);
        assertThat(ops.sent).hasSize(1);
        current.set(config(1, new AlertsConfig(List.of(), Set.of(), List.of(), AlertsConfig.DEFAULT_GROUP_BY, Duration.ZERO,
                Duration.ofMinutes(5), Duration.ofHours(4), Optional.empty())));
        minutes(3, r, current.get(), 97.0);
        assertThat(ops.sent).as("nothing new for ops").hasSize(1);
        assertThat(team.sent).as("the new receiver hears of what fires").singleElement()
                .satisfies(n -> assertThat(n.alerts().get(0).name()).isEqualTo("disk-usage"));
    }

    @Test
    void aReceiverThatHangsDelaysNoOtherAndItsNotificationIsSentOnceItAnswers() throws Exception {
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        RecordingNotifier slowRecord = new RecordingNotifier();
        io.kurado.api.alert.Notifier slow = n -> {
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slowRecord.send(n);
        };
        KuradoConfig config = config(1, AlertsConfig.NONE);
        try (AlertRunner r = new AlertRunner(() -> config, name -> Optional.of(diskViewer()), name -> false, storage, meta,
                Optional.empty(), () -> coordination, "a", c -> Map.of("ops", ops, "slow", slow), clock, true)) {
            minutes(12, r, config, 97.0);
            io.kurado.core.testkit.Await.until("the fast receiver's notification", () -> {
                r.deliver();
                return ops.sent.size() == 1;
            });
            assertThat(slowRecord.sent).isEmpty();
            answer.countDown();
            io.kurado.core.testkit.Await.until("the slow receiver's notification", () -> slowRecord.sent.size() == 1);
            r.deliver();
            assertThat(meta.readState(AlertEngine.OUTBOX)).isEmpty();
        }
    }

    private static int sent(RecordingNotifier n) {
        synchronized (n) {
            return n.sent.size();
        }
    }

    @Test
    void aNotificationDeliveredJustBeforeTheServerStopsIsNotSentAgainAfterItsRestart() throws Exception {
        KuradoConfig config = config(1, AlertsConfig.NONE);
        try (AlertRunner r = new AlertRunner(() -> config, name -> Optional.of(diskViewer()), name -> false, storage, meta,
                Optional.empty(), () -> coordination, "a", c -> Map.of("ops", ops), clock, true)) {
            // minute by minute, evaluating only: the evaluation that fires sends, and nothing runs after that send
            // (the receiver's thread may deliver it, and empty the outbox, before the loop looks)
            for (int m = 0; m < 15 && meta.readState(AlertEngine.OUTBOX).isEmpty() && sent(ops) == 0; m++) {
                push(config, 97.0);
                r.evaluate(clock.instant().getEpochSecond() / 60);
                clock.advance(Duration.ofMinutes(1));
            }
            assertThat(meta.readState(AlertEngine.OUTBOX).size() + sent(ops)).as("a notification to send, or sent").isPositive();
            io.kurado.core.testkit.Await.until("the notification is delivered", () -> {
                synchronized (ops) {
                    return ops.sent.size() == 1;
                }
            });
        } // the server stops right after
        assertThat(meta.readState(AlertEngine.OUTBOX)).as("the outbox knows it was delivered").isEmpty();

        AlertRunner again = runner(config, "a", ops);
        minutes(3, again, config, 97.0);
        assertThat(ops.sent).as("sent once, before the restart").hasSize(1);
    }
}
