package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ComparePageTest {
    private final WebFixture f = new WebFixture();

    @Test
    void showsHostsSideBySideWithOneImagePerGraphSizedForTheirNumber() {
        String html = f.get("/servers?address=10.0.0.2&address=10.0.1.1&term=week").bodyText();

        assertThat(html.indexOf("data-address=\"10.0.0.2\"")).isLessThan(html.indexOf("data-address=\"10.0.1.1\""));
        assertThat(html).contains("graph=cpu&amp;term=week&amp;width=540").doesNotContain("width=500");
        assertThat(html).contains("Selected hosts (2)");
        assertThat(f.get("/servers?address=10.0.0.2").bodyText()).contains("graph=cpu&amp;term=day&amp;width=1100");
        assertThat(f.get("/servers?address=10.0.0.2&address=10.0.1.1&address=10.0.0.1").bodyText()).contains("graph=cpu&amp;term=day&amp;width=420");
    }

    @Test
    void eachHostsHeadShowsItsStatusMark() {
        f.meta.warn("10.0.0.2", io.kurado.api.PluginRef.of("base"), "traffic", "2026-11-25T11:59:00 cannot read /proc/net/dev");

        String html = f.get("/servers?address=10.0.0.1&address=10.0.0.2").bodyText();

        assertThat(html).containsPattern("data-address=\"10.0.0.1\">.*?class=\"st st-ok\"");
        assertThat(html).containsPattern("data-address=\"10.0.0.2\">.*?class=\"st st-warning\"");
    }

    @Test
    void pluginPillsAreTheUnionInFirstSeenOrder() {
        String html = f.get("/servers?address=10.0.1.1&address=10.0.0.1").bodyText();

        assertThat(html.indexOf("title=\"base\"")).isLessThan(html.indexOf("title=\"http:80\""));
    }

    @Test
    void unknownAddressesAreSkipped() {
        WebResponse r = f.get("/servers?address=10.0.0.1&address=10.9.9.9");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).contains("Selected hosts (1)").doesNotContain("data-address=\"10.9.9.9\"");
    }

    @Test
    void addressCountAndDuplicatesAreChecked() {
        String many = IntStream.range(0, 501).mapToObj(i -> "address=10.1.0." + i).collect(Collectors.joining("&"));

        assertThat(f.get("/servers").status()).isEqualTo(400);
        assertThat(f.get("/servers?" + many).bodyText()).startsWith("# of address should be in 1 to 500");
        assertThat(f.get("/servers?address=10.0.0.1&address=10.0.0.1").bodyText()).isEqualTo("found duplicated address '10.0.0.1'");
    }

    @Test
    void pluginHeadingsLinkToTheHostPageWithTheSameTerm() {
        String html = f.get("/servers?address=10.0.0.1&address=10.0.0.2&term=year").bodyText();

        assertThat(html).contains("href=\"server?address=10.0.0.2&amp;term=year&amp;plugin_identifier=http%3A80\"");
        assertThat(f.get("/server?address=10.0.0.2&term=year&plugin_identifier=http%3A80").status()).isEqualTo(200);
    }
}
