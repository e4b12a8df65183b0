package io.kurado.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.alert.Alert;
import io.kurado.api.alert.Notification;
import io.kurado.core.config.AlertsConfig;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class AlertEngineTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryMetaStore store = new InMemoryMetaStore(clock, ZoneId.of("UTC"));
    private final RecordingNotifier ops = new RecordingNotifier();
    private AlertEngine engine = newEngine();

    private AlertEngine newEngine() {
        return new AlertEngine(store, Map.of("ops", ops), AlertsConfig.NONE, "http://kurado:5434", clock);
    }

    private static Finding disk(String host, double value, Duration forDuration, Duration recoverFor) {
        return new Finding(Map.of("alertname", "disk-usage", "host", host, "hostname", "h-" + host, "service", "web",
                "plugin", "base", "instance", "sda1"), value >= 95 ? "critical" : "warning", value, "disk " + value,
                forDuration, recoverFor);
    }

    private static Finding down(String host) {
        return new Finding(Map.of("alertname", Conditions.HOST_DOWN, "host", host, "hostname", "h-" + host, "service", "web",
                "plugin", "base"), "critical", Double.NaN, host + " is down", Duration.ZERO, Duration.ZERO);
    }

    private static Evaluation of(Finding... findings) {
        return new Evaluation(List.of(findings), Set.of(), Set.of(), false);
    }

    /** One minute: the evaluation at its start, then flushes and deliveries every 10 s. */
    private void minute(Evaluation e) {
        engine.evaluate(e);
        for (int s = 0; s < 6; s++) {
            engine.flush();
            engine.deliver();
            clock.advance(Duration.ofSeconds(10));
        }
    }

    private void minutes(int n, IntFunction<Evaluation> e) {
        for (int i = 0; i < n; i++) {
            minute(e.apply(i));
        }
    }

    @Test
    void aFindingFiresOnlyOnceItHasLastedItsFor() {
        Finding f = disk("10.0.0.1", 92, Duration.ofMinutes(3), Duration.ofMinutes(5));
        minutes(3, i -> of(f));
        assertThat(ops.sent).isEmpty();
        assertThat(engine.alerts()).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo("pending"));
        minutes(1, i -> of(f));
        assertThat(ops.sent).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.ALERTS);
            assertThat(n.status()).isEqualTo(Alert.Status.FIRING);
            assertThat(n.groupLabels()).containsEntry("service", "web").containsEntry("severity", "warning");
            assertThat(n.alerts().get(0).labels()).containsEntry("instance", "sda1").containsEntry("severity", "warning");
            assertThat(n.alerts().get(0).annotations()).containsEntry("value", "92")
                    .containsEntry("link", "http://kurado:5434/server?address=10.0.0.1");
        });
    }

    @Test
    void aPendingFindingThatGoesAwaySendsNothing() {
        Finding f = disk("10.0.0.1", 92, Duration.ofMinutes(3), Duration.ofMinutes(5));
        minutes(2, i -> of(f));
        minutes(30, i -> of());
        assertThat(ops.sent).isEmpty();
        assertThat(engine.alerts()).isEmpty();
        assertThat(store.readState(AlertEngine.ALERTS)).isEmpty();
    }

    @Test
    void aFiringAlertResolvesOnlyAfterItsRecoverFor() {
        Finding f = disk("10.0.0.1", 92, Duration.ZERO, Duration.ofMinutes(5));
        minutes(1, i -> of(f));
        assertThat(ops.sent).hasSize(1);
        minutes(5, i -> of());
        assertThat(ops.sent).as("still within recover_for").hasSize(1);
        minutes(1, i -> of());
        assertThat(ops.sent).hasSize(2);
        assertThat(ops.sent.get(1).status()).isEqualTo(Alert.Status.RESOLVED);
        assertThat(ops.sent.get(1).alerts().get(0).endsAt()).isPresent();
        minutes(60, i -> of());
        assertThat(ops.sent).hasSize(2);
    }

    @Test
    void aResolvedAlertIsNoLongerShownAndWhenItComesBackItWaitsItsForAgain() {
        Finding f = disk("10.0.0.1", 92, Duration.ofMinutes(3), Duration.ZERO);
        minutes(20, i -> of(f));
        assertThat(ops.sent).hasSize(1);
        minutes(1, i -> of());
        assertThat(ops.sent).hasSize(2);
        assertThat(ops.sent.get(1).status()).isEqualTo(Alert.Status.RESOLVED);
        assertThat(engine.alerts()).as("resolved: neither firing nor pending").isEmpty();
        minutes(1, i -> of(f));
        assertThat(ops.sent).as("back over the line: pending for its 'for'").hasSize(2);
        assertThat(engine.alerts()).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo("pending"));
        minutes(3, i -> of(f));
        assertThat(ops.sent).hasSize(3);
        assertThat(ops.sent.get(2).status()).isEqualTo(Alert.Status.FIRING);
    }

    @Test
    void aShortDipDuringRecoverForKeepsItFiringWithoutAMessage() {
        Finding f = disk("10.0.0.1", 92, Duration.ZERO, Duration.ofMinutes(5));
        minutes(1, i -> of(f));
        minutes(8, i -> i % 4 == 3 ? of(f) : of());
        assertThat(ops.sent).hasSize(1);
    }

    @Test
    void twoHundredHostsGoingDownGiveOneNotification() {
        List<Finding> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(down("10.0." + (i / 250) + "." + (i % 250)));
        }
        // they go down over two minutes, within the group wait and interval
        minutes(1, i -> new Evaluation(all.subList(0, 120), Set.of(), Set.of(), false));
        assertThat(ops.sent).hasSize(1);
        minutes(1, i -> new Evaluation(all, Set.of(), Set.of(), false));
        assertThat(ops.sent).as("the next message waits for the group interval").hasSize(1);
        minutes(4, i -> new Evaluation(all, Set.of(), Set.of(), false));
        assertThat(ops.sent).hasSize(2);
        assertThat(ops.sent.get(1).alerts()).hasSize(200);
    }

    @Test
    void hostsGoingDownInOneMinuteGiveOneNotification() {
        List<Finding> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(down("10.1.0." + i));
        }
        minutes(30, i -> new Evaluation(all, Set.of(), Set.of(), false));
        assertThat(ops.sent).singleElement().satisfies(n -> {
            assertThat(n.alerts()).hasSize(200);
            assertThat(n.commonLabels()).containsEntry("alertname", Conditions.HOST_DOWN).containsEntry("service", "web")
                    .doesNotContainKey("host");
        });
    }

    @Test
    void aFlappingAlertSendsFlappingOnceAndStableOnceAndNothingElse() {
        Finding f = disk("10.0.0.1", 92, Duration.ofMinutes(2), Duration.ofMinutes(2));
        minutes(21, i -> i % 2 == 0 ? of(f) : of());
        minutes(30, i -> of());
        assertThat(ops.sent).extracting(Notification::kind)
                .containsExactly(Notification.Kind.FLAPPING, Notification.Kind.STABLE);
        assertThat(ops.sent.get(0).alerts().get(0).labels()).containsEntry("host", "10.0.0.1");
    }

    @Test
    void whileFlappingChangesAreHeldBackAndTheOwedStateIsSentOnceStable() {
        Finding f = disk("10.0.0.1", 92, Duration.ZERO, Duration.ZERO);
        minutes(21, i -> i % 2 == 0 ? of(f) : of());
        int before = ops.of(Notification.Kind.ALERTS).size();
        assertThat(ops.of(Notification.Kind.FLAPPING)).hasSize(1);
        minutes(25, i -> of(f));
        assertThat(ops.of(Notification.Kind.STABLE)).hasSize(1);
        assertThat(ops.of(Notification.Kind.ALERTS).size()).as("changes while flapping were held back")
                .isLessThanOrEqualTo(before + 1);
        assertThat(ops.sent.get(ops.sent.size() - 1).status()).isEqualTo(Alert.Status.FIRING);
    }

    @Test
    void aRestartInTheMiddleSendsNothingAgain() {
        Finding f = disk("10.0.0.1", 92, Duration.ofMinutes(2), Duration.ofMinutes(3));
        minutes(4, i -> of(f));
        assertThat(ops.sent).hasSize(1);
        engine = newEngine(); // a new process on the same meta store
        minutes(60, i -> of(f));
        assertThat(ops.sent).hasSize(1);
        minutes(4, i -> of());
        assertThat(ops.sent).hasSize(2);
        assertThat(ops.sent.get(1).status()).isEqualTo(Alert.Status.RESOLVED);
    }

    @Test
    void aRestartWhilePendingKeepsCountingItsFor() {
        Finding f = disk("10.0.0.1", 92, Duration.ofMinutes(5), Duration.ofMinutes(3));
        minutes(3, i -> of(f));
        engine = newEngine();
        minutes(3, i -> of(f));
        assertThat(ops.sent).as("fired 5 minutes after it was first seen, across the restart").hasSize(1);
    }

    @Test
    void alertsStillFiringAreRepeatedAfterTheRepeatIntervalOrTheNotifiersOwn() {
        Finding f = disk("10.0.0.1", 92, Duration.ZERO, Duration.ZERO);
        minutes(4 * 60 + 2, i -> of(f));
        assertThat(ops.sent).hasSize(2);
        ops.resendEvery = java.util.Optional.of(Duration.ofMinutes(30));
        ops.sent.clear();
        minutes(61, i -> of(f));
        assertThat(ops.sent).hasSize(2);
    }

    @Test
    void aFailedDeliveryIsRetriedWithBackOffUntilDeliveredAndSurvivesARestart() {
        ops.failures = 5;
        Finding f = disk("10.0.0.1", 92, Duration.ZERO, Duration.ZERO);
        engine.evaluate(of(f));
        clock.advance(Duration.ofSeconds(30));
        engine.flush();
        for (int i = 0; i < 3; i++) {
            engine.deliver();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(ops.attempts).as("1 s, then 2 s between attempts").isEqualTo(2);
        assertThat(store.readState(AlertEngine.OUTBOX)).hasSize(1);
        engine = newEngine();
        engine.load();
        for (int i = 0; i < 60; i++) {
            engine.deliver();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(ops.attempts).isEqualTo(6);
        assertThat(ops.sent).hasSize(1);
        assertThat(store.readState(AlertEngine.OUTBOX)).isEmpty();
    }

    @Test
    void aNotificationTheReceiverRefusesIsDroppedAfterOneTry() {
        ops.failures = 1;
        ops.retryable = false;
        minutes(3, i -> of(disk("10.0.0.1", 92, Duration.ZERO, Duration.ZERO)));
        assertThat(ops.attempts).isEqualTo(1);
        assertThat(ops.sent).isEmpty();
        assertThat(engine.waiting()).isZero();
    }

    @Test
    void theOtherAlertsOfADownHostAreHeldBack() {
        Finding f = disk("10.0.0.1", 92, Duration.ZERO, Duration.ZERO);
        minutes(2, i -> of(f));
        assertThat(ops.sent).hasSize(1);
        // the host goes down: its disk alert is neither resolved nor repeated, only host-down is sent
        minutes(10, i -> new Evaluation(List.of(down("10.0.0.1")), Set.of(), Set.of("10.0.0.1"), false));
        assertThat(ops.sent).hasSize(2);
        assertThat(ops.sent.get(1).alerts()).extracting(Alert::name).containsExactly(Conditions.HOST_DOWN);
        assertThat(engine.alerts()).extracting(a -> a.alert().name()).contains("disk-usage");
    }

    @Test
    void whenKuradoCannotSeeItsHostsOnlyThatIsSent() {
        minutes(2, i -> of(down("10.0.0.1")));
        assertThat(ops.sent).hasSize(1);
        Finding blind = new Finding(Map.of("alertname", Conditions.BLIND, "service", "kurado"), "critical", Double.NaN,
                "Kurado cannot see its hosts", Duration.ZERO, Duration.ZERO);
        minutes(10, i -> new Evaluation(List.of(blind), Set.of(), Set.of(), true));
        assertThat(ops.sent).hasSize(2);
        assertThat(ops.sent.get(1).alerts()).extracting(Alert::name).containsExactly(Conditions.BLIND);
        assertThat(engine.alerts()).extracting(a -> a.alert().name()).contains(Conditions.HOST_DOWN);
    }

    @Test
    void aSilencedAlertIsNotSentUntilTheSilenceEnds() {
        new Silences(store, clock).add(Map.of("host", "10.0.0.1"), clock.instant().plus(Duration.ofMinutes(10)), "ops", "disk swap");
        Finding f = disk("10.0.0.1", 92, Duration.ZERO, Duration.ZERO);
        minutes(9, i -> of(f));
        assertThat(ops.sent).isEmpty();
        minutes(3, i -> of(f));
        assertThat(ops.sent).hasSize(1);
    }

    @Test
    void aHigherSeverityResolvesTheWarningAndFiresTheCritical() {
        minutes(2, i -> of(disk("10.0.0.1", 92, Duration.ZERO, Duration.ZERO)));
        minutes(6, i -> of(disk("10.0.0.1", 97, Duration.ZERO, Duration.ZERO)));
        assertThat(ops.sent).hasSize(3);
        assertThat(ops.sent).filteredOn(n -> n.groupLabels().get("severity").equals("critical")).singleElement()
                .satisfies(n -> assertThat(n.status()).isEqualTo(Alert.Status.FIRING));
        assertThat(ops.sent).filteredOn(n -> n.groupLabels().get("severity").equals("warning")).last()
                .satisfies(n -> assertThat(n.status()).isEqualTo(Alert.Status.RESOLVED));
    }

    /** A meta store that can be down. */
    static final class Flaky implements io.kurado.api.meta.MetaStore {
        final InMemoryMetaStore inner;
        volatile boolean down;

        Flaky(InMemoryMetaStore inner) {
            this.inner = inner;
        }

        private void check() {
            if (down) {
                throw new io.kurado.api.KuradoException("Redis is down");
            }
        }

        @Override
        public void write(io.kurado.api.meta.MetaWrite write) {
            check();
            inner.write(write);
        }

        @Override
        public io.kurado.api.meta.PluginState read(String address, io.kurado.api.PluginRef plugin) {
            check();
            return inner.read(address, plugin);
        }

        @Override
        public boolean hasWarning(String address) {
            check();
            return inner.hasWarning(address);
        }

        @Override
        public Map<String, String> readState(String namespace) {
            check();
            return inner.readState(namespace);
        }

        @Override
        public void writeState(String namespace, Map<String, String> put, Set<String> remove) {
            check();
            inner.writeState(namespace, put, remove);
        }

        @Override
        public void close() {}
    }

    @Test
    void whenTheMetaStoreIsDownFromTheStartTheBlindAlertIsStillSentAndItsStateWrittenOnceItIsBack() {
        Flaky flaky = new Flaky(store);
        flaky.down = true;
        engine = new AlertEngine(flaky, Map.of("ops", ops), AlertsConfig.NONE, "http://kurado:5434", clock);
        Finding blind = new Finding(Map.of("alertname", Conditions.BLIND, "service", "kurado"), "critical", Double.NaN,
                "Kurado cannot see its hosts: Redis is down", Duration.ZERO, Duration.ZERO);
        minutes(3, i -> new Evaluation(List.of(blind), Set.of(), Set.of(), true));
        assertThat(ops.sent).singleElement().satisfies(n -> assertThat(n.alerts().get(0).name()).isEqualTo(Conditions.BLIND));
        flaky.down = false;
        minutes(1, i -> new Evaluation(List.of(blind), Set.of(), Set.of(), true));
        assertThat(store.readState(AlertEngine.ALERTS)).hasSize(1);
        assertThat(store.readState(AlertEngine.OUTBOX)).isEmpty();
        assertThat(ops.sent).hasSize(1);
    }
}
