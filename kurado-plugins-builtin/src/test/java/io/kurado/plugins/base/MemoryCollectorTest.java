package io.kurado.plugins.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class MemoryCollectorTest {
    private final MemoryCollector collector = new MemoryCollector();

    @Test
    void sendsBytesAndComputesUsedAndSwapUsedWithoutSwapFreeOrInactive() {
        BaseMetrics m = Fixtures.collect(collector, Fixtures.VM_LVM);
        assertThat(m.metrics()).containsExactly(
                entry("memory-buffers.gauge", "41582592"),
                entry("memory-cached.gauge", "218800128"),
                entry("memory-free.gauge", "68136960"),
                entry("memory-swap-total.gauge", "973070336"),
                entry("memory-swap-used.gauge", "2465792"),
                entry("memory-total.gauge", "480718848"),
                entry("memory-used.gauge", "152199168"));
        assertThat(m.meta()).isEmpty();
    }

    @Test
    void handlesLargeHosts() {
        BaseMetrics m = Fixtures.collect(collector, Fixtures.HOST_MANY);
        assertThat(m.metrics()).containsEntry("memory-total.gauge", "135199559680")
                .containsEntry("memory-used.gauge", "33736630272")
                .containsEntry("memory-swap-used.gauge", "273678336")
                .hasSize(7);
    }

    @Test
    void countsAMissingFieldAsZero() {
        BaseMetrics m = Fixtures.collect(collector, Fixtures.CONTAINER);
        assertThat(m.metrics()).containsEntry("memory-buffers.gauge", "0")
                .containsEntry("memory-used.gauge", "454311936")
                .containsEntry("memory-swap-total.gauge", "0")
                .containsEntry("memory-swap-used.gauge", "0");
    }

    @Test
    void convertsUnitsCaseInsensitively() {
        assertThat(MemoryCollector.toBytes("  16 kB")).isEqualTo(16384);
        assertThat(MemoryCollector.toBytes("2 MB")).isEqualTo(2L << 20);
        assertThat(MemoryCollector.toBytes("3 gb")).isEqualTo(3L << 30);
        assertThat(MemoryCollector.toBytes("1 TB")).isEqualTo(1L << 40);
        assertThat(MemoryCollector.toBytes("42")).isEqualTo(42);
        assertThat(MemoryCollector.toBytes("n/a")).isZero();
    }
}
