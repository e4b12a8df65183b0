package io.kurado.plugins.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficCollectorTest {
    private final TrafficCollector collector = new TrafficCollector();

    @Test
    void sendsInterfacesThatAreUpButNotLoopback() {
        BaseMetrics m = Fixtures.collect(collector, Fixtures.VM_LVM);
        assertThat(m.metrics()).containsExactly(
                entry("traffic-eth0-rxbytes.derive", "146026292"),
                entry("traffic-eth0-txbytes.derive", "4955348"));
        assertThat(m.meta()).containsExactly(entry("traffic-interfaces", "eth0"));
    }

    @Test
    void skipsDownVlanBridgeAndVethInterfacesAndKeepsProcNetDevOrder() {
        BaseMetrics m = Fixtures.collect(collector, Fixtures.HOST_MANY);
        assertThat(m.meta()).containsExactly(entry("traffic-interfaces", "eth0,eth1,bond0,docker0,em1"));
        assertThat(m.metrics()).containsExactly(
                entry("traffic-bond0-rxbytes.derive", "4123"),
                entry("traffic-bond0-txbytes.derive", "5234"),
                entry("traffic-docker0-rxbytes.derive", "123456"),
                entry("traffic-docker0-txbytes.derive", "654321"),
                entry("traffic-em1-rxbytes.derive", "99"),
                entry("traffic-em1-txbytes.derive", "98"),
                entry("traffic-eth0-rxbytes.derive", "10629449294"),
                entry("traffic-eth0-txbytes.derive", "55232809"),
                entry("traffic-eth1-rxbytes.derive", "41604925517001"),
                entry("traffic-eth1-txbytes.derive", "612845800274320"));
    }

    @Test
    void aContainersEthernetTiedToItsHostPeerIsSkippedAsTheOriginalDid() {
        BaseMetrics m = Fixtures.collect(collector, Fixtures.CONTAINER);
        assertThat(m.metrics()).isEmpty();
        assertThat(m.meta()).isEmpty();
    }

    @Test
    void failsWhenInterfacesCannotBeListed(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("proc/net"));
        Files.writeString(tmp.resolve("proc/net/dev"), "");
        assertThatThrownBy(() -> collector.collect(new SystemRoot(tmp), new BaseMetrics()))
                .isInstanceOf(CollectorException.class).hasMessageContaining("/sys/class/net");
    }
}
