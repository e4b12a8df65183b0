package io.kurado.rrd.graph;

import static io.kurado.rrd.graph.RrdGraphRendererTest.ADDRESS;
import static io.kurado.rrd.graph.RrdGraphRendererTest.END;
import static io.kurado.rrd.graph.RrdGraphRendererTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.graph.RenderedGraph;
import io.kurado.core.web.Terms;
import io.kurado.rrd.RrdLayout;
import io.kurado.rrd.RrdStorage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base view's disk "Prediction", a least-squares line ({@code LSLSLOPE}/{@code LSLINT}),
 * drawn from RRD files written through rrd4j: on a host that has reported for half an hour, and on
 * one that has reported for a day and a half.
 */
class TrendLinesTest {
    static final String DEVICE = "mapper_VolGroup-lv_root";
    static final MetricKey USED = MetricKey.of("disk-usage-" + DEVICE + "-used.gauge");
    static final MetricKey AVAILABLE = MetricKey.of("disk-usage-" + DEVICE + "-available.gauge");
    /** The disk: 106 GB (df's KiB, which the definition multiplies by 1000). */
    static final double CAPACITY_KIB = 106e6;
    static final int PREDICTION = 0xD62728;
    static final int USED_AREA = 0x2CA02C;
    static final int TOTAL_AREA = 0xFF7F0E;

    @TempDir
    Path dir;

    /** Writes used and available for {@code minutes} minutes up to the end; used in KiB by minute index. */
    private void host(int minutes, LongToDoubleFunction usedKib) {
        SyntheticRrd.write(RrdLayout.file(dir, ADDRESS, "base", USED), USED, END, minutes, usedKib);
        SyntheticRrd.write(RrdLayout.file(dir, ADDRESS, "base", AVAILABLE), AVAILABLE, END, minutes,
                i -> CAPACITY_KIB - usedKib.applyAsDouble(i));
    }

    private RenderedGraph diskUsage(String term) throws IOException {
        try (RrdStorage s = RrdGraphRendererTest.open(dir)) {
            return new RrdGraphRenderer(s).render(RrdGraphRendererTest.request(RrdGraphRendererTest.fixture("base", "disk-usage"),
                    PluginRef.of("base"), Terms.window(term, NOW), 500));
        }
    }

    @Test
    void aNewHostsPredictionIsNotDrawnAndItsLegendAndNotesSaySo() throws IOException {
        host(30, i -> 50e6 + 1000 * i); // 50 GB used, a megabyte more a minute
        for (String term : new String[] {"day", "3days", "week"}) {
            RenderedGraph g = diskUsage(term);
            BufferedImage img = RrdGraphRendererTest.decode(g.png());
            int[] c = RrdGraphRendererTest.canvas(img, 500);

            assertThat(count(img, c, PREDICTION, c[0] + 1, c[1])).as("prediction pixels in the %s graph", term).isZero();
            assertThat(g.notes()).as(term).singleElement().asString()
                    .containsPattern("CDEF:lsl2: the least-squares trend is not drawn: data in [01]% of this range, 25% needed");
        }
    }

    @Test
    void aNewHostsAxisRunsFromZeroToAboutTheDisksCapacity() throws IOException {
        // 50 GB used, growing by a hundred megabytes a minute for half an hour (a package being installed):
        // drawn back across the window, that slope reaches hundreds of gigabytes below zero
        host(30, i -> 50e6 + 100_000 * i);
        for (String term : new String[] {"day", "3days"}) {
            BufferedImage img = RrdGraphRendererTest.decode(diskUsage(term).png());
            int[] c = RrdGraphRendererTest.canvas(img, 500);
            int x = columnWithMost(img, c, USED_AREA);

            // the areas start at zero, the canvas' bottom; a prediction dragging the axis below zero lifted them
            assertThat(img.getRGB(x, c[3] - 1) & 0xFFFFFF).as("the bottom of the %s graph's canvas", term).isEqualTo(USED_AREA);
            // and the disk (106 GB) fills most of the height: the axis does not run far past it
            int coloured = 0;
            for (int y = c[2]; y < c[3]; y++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                coloured += rgb == USED_AREA || rgb == TOTAL_AREA ? 1 : 0;
            }
            assertThat(coloured).as("rows of the disk in the %s graph, of 100", term).isGreaterThanOrEqualTo(60);
        }
    }

    @Test
    void aHostWithADayAndAHalfOfDataHasItsPredictionAlongItsUsedSpace() throws IOException {
        int minutes = RrdGraphRendererTest.MINUTES; // 36 hours: all of the Day graph's 33
        host(minutes, i -> 40e6 + 10e6 * i / minutes); // 40 GB growing to 50 GB
        RenderedGraph g = diskUsage("day");
        BufferedImage img = RrdGraphRendererTest.decode(g.png());
        int[] c = RrdGraphRendererTest.canvas(img, 500);

        assertThat(g.notes()).isEmpty();
        assertThat(count(img, c, PREDICTION, c[0] + 1, c[1])).as("prediction pixels (a dashed line, 3 on, 6 off)")
                .isGreaterThan(120);
        // the least-squares line of a straight series is that series: it runs along the top of the used area
        for (int x = c[0] + 1; x < c[1]; x++) {
            int top = -1;
            for (int y = c[2]; y < c[3] && top < 0; y++) {
                top = (img.getRGB(x, y) & 0xFFFFFF) == USED_AREA ? y : -1;
            }
            for (int y = c[2]; y < c[3]; y++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == PREDICTION) {
                    assertThat(y).as("row of the prediction at column %d", x - c[0]).isBetween(top - 3, top + 3);
                }
            }
        }
    }

    @Test
    void aPredictionIsDrawnOnlyOverTheTimeItsDataCover() throws IOException {
        int minutes = RrdGraphRendererTest.MINUTES; // 36 hours: half of the 3-day graph
        host(minutes, i -> 40e6 + 10e6 * i / minutes);
        RenderedGraph g = diskUsage("3days");
        BufferedImage img = RrdGraphRendererTest.decode(g.png());
        int[] c = RrdGraphRendererTest.canvas(img, 500);

        assertThat(g.notes()).isEmpty();
        int half = c[0] + 250;
        assertThat(count(img, c, PREDICTION, c[0] + 1, half - 2)).as("prediction pixels before the first data").isZero();
        assertThat(count(img, c, PREDICTION, half, c[1])).as("prediction pixels along the data").isGreaterThan(60);
    }

    @Test
    void aPredictionBackedByTooSmallAShareOfTheRangeIsNotDrawn() throws IOException {
        int minutes = RrdGraphRendererTest.MINUTES; // 36 hours of the Week graph's 192
        host(minutes, i -> 40e6 + 10e6 * i / minutes);
        RenderedGraph g = diskUsage("week");
        BufferedImage img = RrdGraphRendererTest.decode(g.png());
        int[] c = RrdGraphRendererTest.canvas(img, 500);

        assertThat(count(img, c, PREDICTION, c[0] + 1, c[1])).isZero();
        assertThat(g.notes()).singleElement().asString().contains("not drawn: data in 18% of this range, 25% needed");
    }

    @Test
    void aPredictionCannotDragTheAxisBelowZero() throws IOException {
        // ten hours of a Day graph's 33 (enough): 1 GB used for nine, then 100 GB for the last: the
        // least-squares line starts about 16 GB below zero
        host(600, i -> i < 540 ? 1e6 : 100e6);
        RenderedGraph g = diskUsage("day");
        BufferedImage img = RrdGraphRendererTest.decode(g.png());
        int[] c = RrdGraphRendererTest.canvas(img, 500);
        int x = columnWithMost(img, c, USED_AREA);

        assertThat(g.notes()).isEmpty();
        assertThat(count(img, c, PREDICTION, c[0] + 1, c[1])).as("prediction pixels where it is above zero").isGreaterThan(10);
        assertThat(img.getRGB(x, c[3] - 1) & 0xFFFFFF).as("the bottom of the canvas under the used space").isEqualTo(USED_AREA);
    }

    @Test
    void theLegendOfATrendNotDrawnSaysSoBeforeItsAlignmentMarker() {
        assertThat(TrendLines.legendWithNote("Prediction", "not drawn: data in 0% of this range, 25% needed"))
                .isEqualTo("Prediction (not drawn: data in 0% of this range, 25% needed)");
        assertThat(TrendLines.legendWithNote("Prediction  \\l", "not drawn")).isEqualTo("Prediction (not drawn)\\l");
    }

    private static int count(BufferedImage img, int[] c, int rgb, int fromX, int toX) {
        int n = 0;
        for (int x = fromX; x < toX; x++) {
            for (int y = c[2]; y < c[3]; y++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    private static int columnWithMost(BufferedImage img, int[] c, int rgb) {
        int best = c[1] - 1;
        int most = 0;
        for (int x = c[0] + 1; x < c[1]; x++) {
            int n = count(img, c, rgb, x, x + 1);
            if (n > most) {
                most = n;
                best = x;
            }
        }
        return best;
    }
}
