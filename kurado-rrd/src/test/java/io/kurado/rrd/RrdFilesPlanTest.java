package io.kurado.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RrdFilesPlanTest {
    private static KernelLimits limits(long openFiles, long maxMapCount, long inUse) {
        return new KernelLimits(OptionalLong.of(openFiles), OptionalLong.of(maxMapCount), inUse);
    }

    @Test
    void mapsWhenTheMappingBudgetHoldsEveryFile() {
        assertThat(RrdFiles.plan(45_000, Optional.empty(), limits(20_000, 65_530, 1_000)))
                .isEqualTo(new RrdFiles.Plan(45_000, RrdBackendKind.MMAP));
    }

    @Test
    void neverMapsMoreThanMaxMapCountAllows() {
        RrdFiles.Plan p = RrdFiles.plan(100_000, Optional.of(RrdBackendKind.MMAP), limits(20_000, 65_530, 1_000));
        assertThat(p.capacity()).isEqualTo(65_530 - 1_000 - KernelLimits.MAPPING_RESERVE);
    }

    @Test
    void neverOpensMoreDescriptorsThanTheLimitAllows() {
        RrdFiles.Plan p = RrdFiles.plan(100_000, Optional.of(RrdBackendKind.FILE), limits(20_000, 65_530, 1_000));
        assertThat(p.capacity()).isEqualTo(15_000);
        assertThat(RrdFiles.plan(4_096, Optional.of(RrdBackendKind.FILE), limits(1_024, 65_530, 0)).capacity())
                .isEqualTo(768);
    }

    @Test
    void choosesDescriptorsWhenFewMappingsAreLeft() {
        assertThat(RrdFiles.plan(50_000, Optional.empty(), limits(1_000_000, 8_000, 1_000)))
                .isEqualTo(new RrdFiles.Plan(50_000, RrdBackendKind.FILE));
    }

    @Test
    void readsTheOpenFileLimit(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("limits");
        Files.writeString(f, "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max open files            20000                20000                files     \n");
        assertThat(KernelLimits.readOpenFiles(f)).hasValue(20_000);
        Files.writeString(f, "Max open files            unlimited            unlimited            files\n");
        assertThat(KernelLimits.readOpenFiles(f)).isEmpty();
    }
}
