package io.kurado.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.api.Warning;
import io.kurado.api.meta.MetaWrite;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.Roll;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.status.HostStatus.Level;
import io.kurado.core.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostStatusTest {
    private final ManualClock clock = ManualClock.atEpochSecond(1_700_000_000L);
    private final InMemoryMetaStore meta = new InMemoryMetaStore(clock, ZoneId.of("UTC"));
    private final Set<String> fetchers = Set.of("http", "mysql");
    private final HostStatus status = new HostStatus(meta, fetchers::contains, clock);

    private static HostEntry host(String address, String... plugins) {
        List<PluginRef> refs = Arrays.stream(plugins).map(PluginRef::parse).toList();
        Roll roll = new Roll("r", Path.of("r.yml"), Map.of(), refs);
        return new HostEntry(Host.parse(address), "svc", "sec", roll, Map.of());
    }

    private void received(String address, String plugin, Duration ago) {
        meta.write(new MetaWrite(List.of(), List.of(),
                List.of(new MetaWrite.Received(address, PluginRef.parse(plugin))),
                clock.instant().minus(ago).getEpochSecond()));
    }

    @Test
    void baseNeverReceivedIsWaitingForFiveMinutesAfterTheServerStartedThenCritical() {
        assertThat(status.of(host("10.0.0.1", "base", "http:80"))).isEqualTo(Level.WAITING);
        clock.advance(Duration.ofSeconds(299));
        assertThat(status.of(host("10.0.0.1", "base", "http:80"))).isEqualTo(Level.WAITING);
        clock.advance(Duration.ofSeconds(1));
        assertThat(status.of(host("10.0.0.1", "base", "http:80"))).isEqualTo(Level.CRITICAL);
    }

    @Test
    void aHostThatReportedBeforeTheServerStartedIsCriticalAsSoonAsItsDataIsFiveMinutesOld() {
        received("10.0.0.1", "base", Duration.ofMinutes(20));
        assertThat(status.of(host("10.0.0.1", "base"))).isEqualTo(Level.CRITICAL);
    }

    @Test
    void aWarningOfAHostWaitingForItsFirstDataIsShown() {
        meta.write(new MetaWrite(List.of(), List.of(new Warning("10.0.0.1", PluginRef.parse("http:80"), "command",
                "refused", clock.instant().getEpochSecond())), List.of(), clock.instant().getEpochSecond()));
        assertThat(status.of(host("10.0.0.1", "base", "http:80"))).isEqualTo(Level.WARNING);
    }

    @Test
    void baseOlderThanFiveMinutesIsCriticalEvenWithWarnings() {
        received("10.0.0.1", "base", Duration.ofSeconds(301));
        assertThat(status.of(host("10.0.0.1", "base"))).isEqualTo(Level.CRITICAL);
        received("10.0.0.1", "base", Duration.ofSeconds(299));
        assertThat(status.of(host("10.0.0.1", "base"))).isEqualTo(Level.OK);
    }

    @Test
    void baseWithArgumentsCounts() {
        received("10.0.0.1", "base:x", Duration.ofSeconds(10));
        assertThat(status.of(host("10.0.0.1", "base:x"))).isEqualTo(Level.OK);
        assertThat(status.of(host("10.0.0.1", "base:y"))).isEqualTo(Level.WAITING);
        clock.advance(Duration.ofMinutes(5));
        received("10.0.0.1", "base:x", Duration.ofSeconds(10));
        assertThat(status.of(host("10.0.0.1", "base:x"))).isEqualTo(Level.OK);
        assertThat(status.of(host("10.0.0.1", "base:y"))).isEqualTo(Level.CRITICAL);
    }

    @Test
    void liveWarningIsWarningUntilItExpires() {
        received("10.0.0.1", "base", Duration.ZERO);
        meta.write(new MetaWrite(List.of(), List.of(new Warning("10.0.0.1", PluginRef.parse("http:80"), "command",
                "refused", clock.instant().getEpochSecond())), List.of(), clock.instant().getEpochSecond()));
        assertThat(status.of(host("10.0.0.1", "base", "http:80"))).isEqualTo(Level.WARNING);
        clock.advance(Duration.ofSeconds(200));
        received("10.0.0.1", "base", Duration.ZERO);
        assertThat(status.of(host("10.0.0.1", "base", "http:80"))).isEqualTo(Level.WARNING);
        clock.advance(Duration.ofSeconds(101));
        assertThat(status.of(host("10.0.0.1", "base", "http:80"))).isEqualTo(Level.OK);
    }

    @Test
    void stalePushOnlyPluginIsWarningButStaleFetchedPluginIsNot() {
        received("10.0.0.1", "base", Duration.ZERO);
        assertThat(status.of(host("10.0.0.1", "base", "http:80", "mysql"))).isEqualTo(Level.OK);
        assertThat(status.of(host("10.0.0.1", "base", "custom"))).isEqualTo(Level.WAITING);
        clock.advance(Duration.ofMinutes(5));
        received("10.0.0.1", "base", Duration.ZERO);
        assertThat(status.of(host("10.0.0.1", "base", "http:80", "mysql"))).isEqualTo(Level.OK);
        assertThat(status.of(host("10.0.0.1", "base", "custom"))).isEqualTo(Level.WARNING);
        received("10.0.0.1", "custom", Duration.ofSeconds(30));
        assertThat(status.of(host("10.0.0.1", "base", "custom"))).isEqualTo(Level.OK);
    }

    @Test
    void hostWithoutBaseIsNeverCritical() {
        assertThat(status.of(host("10.0.0.2", "http:80"))).isEqualTo(Level.OK);
        assertThat(status.of(host("10.0.0.2", "custom"))).isEqualTo(Level.WAITING);
        clock.advance(Duration.ofMinutes(10));
        assertThat(status.of(host("10.0.0.2", "http:80"))).isEqualTo(Level.OK);
        assertThat(status.of(host("10.0.0.2", "custom"))).isEqualTo(Level.WARNING);
    }

    @Test
    void codesAreTheOriginals() {
        assertThat(Level.OK.code()).isZero();
        assertThat(Level.WARNING.code()).isEqualTo(1);
        assertThat(Level.CRITICAL.code()).isEqualTo(2);
        assertThat(Level.WAITING.code()).as("the original says 2 for a host that never reported").isEqualTo(2);
    }
}
