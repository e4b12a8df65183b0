package io.kurado.rrd.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GridBelowDataWorkerTest {
    private static final int GRID = 0xFF8F8F8F;

    @Test
    void aGridPixelShowsWhereNothingIsDrawnYet() {
        assertThat(GridBelowDataWorker.under(0x00000000, GRID, 255)).isEqualTo(GRID);
    }

    @Test
    void aGridPixelStaysHiddenBelowOpaqueData() {
        assertThat(GridBelowDataWorker.under(0xFFFF0000, GRID, 255)).isEqualTo(0xFFFF0000);
    }

    @Test
    void aGridPixelShowsThroughTranslucentData() {
        // half-transparent red over the grid's grey: opaque, half red, half grey
        int out = GridBelowDataWorker.under(0x80FF0000, GRID, 255);
        assertThat(out >>> 24).isEqualTo(255);
        assertThat((out >> 16) & 0xFF).isBetween(0xC6, 0xC8);
        assertThat((out >> 8) & 0xFF).isBetween(0x46, 0x48);
        assertThat(out & 0xFF).isBetween(0x46, 0x48);
    }
}
