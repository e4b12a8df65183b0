package io.kurado.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Meta;
import io.kurado.api.PluginRef;
import io.kurado.api.Warning;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaWrite;
import io.kurado.api.meta.PluginState;
import io.kurado.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MetaStore} implementation promises: the original's values, expiries and
 * warning format. Implementations extend this and supply {@link #newStore}. Each test uses a host
 * address of its own; the clock starts at the current time so that stores with server-side expiry
 * agree with it.
 */
public abstract class MetaStoreContract {
    protected ManualClock clock;
    protected MetaStore store;
    protected String address;
    private final PluginRef base = PluginRef.parse("base");
    private final PluginRef http80 = PluginRef.parse("http:80");
    private final PluginRef http81 = PluginRef.parse("http:81");

    /**
     * @param clock the clock deciding expiry
     * @param zone the zone warnings are written in
     * @return a new store, closed after each test
     */
    protected abstract MetaStore newStore(ManualClock clock, ZoneId zone);

    @BeforeEach
    void open() {
        clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        store = newStore(clock, ZoneId.of("UTC"));
        address = "10.9." + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private MetaWrite metaWrite(PluginRef p, String key, String value) {
        return new MetaWrite(List.of(new Meta(address, p, key, value, now())), List.of(), List.of(), now());
    }

    @Test
    void theLastReceivedTimeIsReadAlone() {
        assertThat(store.lastReceived(address, base)).isEmpty();
        store.write(new MetaWrite(List.of(), List.of(), List.of(new MetaWrite.Received(address, http80)), now()));
        assertThat(store.lastReceived(address, http80)).contains(clock.instant());
        assertThat(store.lastReceived(address, http80)).isEqualTo(store.read(address, http80).lastReceived());
        assertThat(store.lastReceived(address, http81)).isEmpty();
    }

    @Test
    void stateIsReadBackSetAndRemovedFieldByField() {
        String ns = "contract-" + address;
        assertThat(store.readState(ns)).isEmpty();
        store.writeState(ns, java.util.Map.of("a", "1", "b", "\u65e5\u672c {\"x\":1}"), java.util.Set.of());
        store.writeState(ns, java.util.Map.of("c", "3", "a", "10"), java.util.Set.of("b", "missing"));
        assertThat(store.readState(ns)).containsOnly(
                org.assertj.core.api.Assertions.entry("a", "10"), org.assertj.core.api.Assertions.entry("c", "3"));
        store.writeState(ns, java.util.Map.of(), java.util.Set.of("a", "c"));
        assertThat(store.readState(ns)).isEmpty();
        assertThat(store.readState(ns + "-other")).isEmpty();
    }

    @Test
    void unknownPluginHasEmptyState() {
        assertThat(store.read(address, base)).isEqualTo(PluginState.empty());
        assertThat(store.hasWarning(address)).isFalse();
    }

    @Test
    void metaValuesAreReadBackAndOverwritten() {
        store.write(metaWrite(base, "uptime", "100"));
        store.write(metaWrite(base, "version", "Linux 6.1 \u65e5\u672c"));
        store.write(metaWrite(base, "uptime", "160"));
        assertThat(store.read(address, base).meta()).containsOnly(
                org.assertj.core.api.Assertions.entry("uptime", "160"),
                org.assertj.core.api.Assertions.entry("version", "Linux 6.1 \u65e5\u672c"));
    }

    @Test
    void pluginsWithDifferentArgumentsAndHostsAreSeparate() {
        store.write(metaWrite(http80, "version", "a"));
        store.write(metaWrite(http81, "version", "b"));
        assertThat(store.read(address, http80).meta()).containsEntry("version", "a").hasSize(1);
        assertThat(store.read(address, http81).meta()).containsEntry("version", "b").hasSize(1);
        assertThat(store.read(address + "x", http80).meta()).isEmpty();
    }

    @Test
    void metaExpiresAfterAnHour() {
        store.write(metaWrite(base, "uptime", "100"));
        clock.advance(Duration.ofMinutes(59));
        assertThat(store.read(address, base).meta()).containsKey("uptime");
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.read(address, base).meta()).isEmpty();
    }

    @Test
    void warningsCarryTheLineTimeAndExpireAfterFiveMinutes() {
        long lineTime = Instant.parse("2014-09-04T12:00:01Z").getEpochSecond();
        store.write(new MetaWrite(List.of(), List.of(new Warning(address, http80, "command", "exit 1: boom", lineTime)),
                List.of(), now()));
        assertThat(store.read(address, http80).warnings()).containsEntry("command", "2014-09-04T12:00:01 exit 1: boom");
        assertThat(store.hasWarning(address)).isTrue();
        assertThat(store.hasWarning(address + "x")).isFalse();
        clock.advance(Duration.ofMinutes(4));
        assertThat(store.read(address, http80).warnings()).hasSize(1);
        assertThat(store.hasWarning(address)).isTrue();
        clock.advance(Duration.ofSeconds(61));
        assertThat(store.read(address, http80).warnings()).isEmpty();
        assertThat(store.hasWarning(address)).isFalse();
    }

    @Test
    void lastReceivedIsTheWritersTime() {
        long at = now() - 30;
        store.write(new MetaWrite(List.of(), List.of(), List.of(new MetaWrite.Received(address, base)), at));
        assertThat(store.read(address, base).lastReceived()).contains(Instant.ofEpochSecond(at));
        assertThat(store.read(address, http80).lastReceived()).isEmpty();
    }

    @Test
    void oneWriteCarriesEverythingOfABatch() {
        store.write(new MetaWrite(
                List.of(new Meta(address, base, "uptime", "1", now()), new Meta(address, http80, "version", "2", now())),
                List.of(new Warning(address, base, "traffic", "no interface", now())),
                List.of(new MetaWrite.Received(address, base), new MetaWrite.Received(address, http80)), now()));
        PluginState b = store.read(address, base);
        assertThat(b.meta()).containsEntry("uptime", "1");
        assertThat(b.warnings()).containsKey("traffic");
        assertThat(b.lastReceived()).isPresent();
        assertThat(store.read(address, http80).meta()).containsEntry("version", "2");
    }
}
