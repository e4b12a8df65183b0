package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.config.WebLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every request's cost is bounded before work starts; a request beyond a limit is a 400 naming it. */
class RequestLimitsTest {
    private static final String CPU = "address=10.0.0.1&plugin_identifier=base&graph=cpu";

    @Test
    void aRangeReachingYear10000IsABadRequestAndNothingIsDrawn() {
        WebFixture f = new WebFixture();
        for (String path : new String[] {"/graph?", "/api/graph-data?"}) {
            WebResponse r = f.get(path + CPU + "&term=custom&from=2026-12-01T00:00:00Z&to=%2B10000-01-01T00:00:00Z&width=1");

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.bodyText()).isEqualTo("the range from 2026-12-01T00:00:00Z to +10000-01-01T00:00:00Z is 2912109 days long;"
                    + " the limit is 2000 days (max_graph_days)");
        }
        assertThat(f.graphs.asked).as("graphs prepared").isEmpty();
    }

    @Test
    void aRangeOfThreeThousandYearsInEpochSecondsIsABadRequest() {
        WebFixture f = new WebFixture();
        WebResponse r = f.get("/api/graph-data?" + CPU + "&term=custom&from=100000000&to=99999999999");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).isEqualTo("the range from 1973-03-03 09:46:40 to 5138-11-16 09:46:39 is 1156249 days long;"
                + " the limit is 2000 days (max_graph_days)");
    }

    @Test
    void theRangeLimitHoldsForPagesToo() {
        WebFixture f = new WebFixture(new WebLimits(Duration.ofDays(30), 4000, 250_000, 2), 2, Duration.ofSeconds(10));
        WebResponse r = f.get("/server?address=10.0.0.1&term=custom&from=2026-01-01&to=2026-03-01");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).endsWith("is 59 days long; the limit is 30 days (max_graph_days)");
        assertThat(f.get("/server?address=10.0.0.1&term=custom&from=2026-01-01&to=2026-01-31").status()).isEqualTo(200);
    }

    @Test
    void aWidthOverTheLimitIsABadRequestSayingTheLimit() {
        WebFixture f = new WebFixture(new WebLimits(Duration.ofDays(2000), 1000, 250_000, 2), 2, Duration.ofSeconds(10));

        assertThat(f.get("/graph?" + CPU + "&width=1000").status()).isEqualTo(200);
        WebResponse r = f.get("/graph?" + CPU + "&width=1001");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).isEqualTo("invalid width '1001' (expected 1 to 1000: max_graph_width)");
    }

    @Test
    void anExportOfMorePointsThanTheLimitIsABadRequestSayingTheLimit() {
        WebFixture f = new WebFixture(new WebLimits(Duration.ofDays(2000), 4000, 1000, 2), 2, Duration.ofSeconds(10));
        f.graphs.dataRows = 500;
        assertThat(f.get("/api/graph-data?" + CPU).status()).isEqualTo(200);

        f.graphs.dataRows = 501;
        WebResponse r = f.get("/api/graph-data?" + CPU + "&format=csv");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).isEqualTo("the export holds 1002 values (501 rows of 2 columns); the limit is 1000"
                + " (max_graph_points): ask for a shorter range or a smaller width");
    }

    @Test
    void exportsAndGraphsShareTheRenderSlots() throws Exception {
        WebFixture f = new WebFixture(new WebLimits(Duration.ofDays(2000), 4000, 250_000, 1), 1, Duration.ZERO);
        CountDownLatch hold = new CountDownLatch(1);
        f.graphs.holdExport = hold;
        CompletableFuture<WebResponse> export = CompletableFuture.supplyAsync(() -> f.get("/api/graph-data?" + CPU));
        try {
            assertThat(f.graphs.exporting.await(10, TimeUnit.SECONDS)).isTrue();
            WebResponse r = f.get("/graph?" + CPU);

            assertThat(r.status()).isEqualTo(503);
            assertThat(r.bodyText()).isEqualTo("1 graph(s) are being drawn, the most at once (graph_worker); try again");
            assertThat(r.headers()).containsKey("Retry-After");
        } finally {
            hold.countDown();
        }
        assertThat(export.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(f.get("/graph?" + CPU).status()).isEqualTo(200);
    }

    @Test
    void aFailureMessageNeverShowsTheDataDirectorysPath() {
        WebFixture f = new WebFixture();
        Path data = Path.of("data").toAbsolutePath().normalize();
        f.graphs.failing.add("cpu");
        f.graphs.failure = "cannot read RRD file " + data.resolve("10.0.0.1/base/cpu.gauge.rrd") + ": Permission denied;"
                + " data directory " + data;

        WebResponse r = f.get("/graph?" + CPU);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.bodyText()).doesNotContain(data.toString())
                .isEqualTo("address:10.0.0.1 plugin:base graph:cpu: cannot read RRD file 10.0.0.1/base/cpu.gauge.rrd:"
                        + " Permission denied; data directory (data_dir)");
    }

    @Test
    void aFailureToReadTheLastUpdateNamesTheGraphAndNoPath() {
        WebFixture f = new WebFixture();
        Path data = Path.of("data").toAbsolutePath().normalize();
        f.graphs.lastUpdateFailure = "cannot read RRD file " + data.resolve("10.0.0.1/base/cpu.gauge.rrd") + ": bad header";

        WebResponse r = f.get("/graph?" + CPU);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.bodyText()).isEqualTo("address:10.0.0.1 plugin:base graph:cpu: cannot read RRD file 10.0.0.1/base/cpu.gauge.rrd:"
                + " bad header");
    }
}
