package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.PluginRef;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HostPageTest {
    private final WebFixture f = new WebFixture();

    @Test
    void showsEveryPluginInRollOrderWithGroupsAndGraphs() {
        WebResponse r = f.get("/server?address=10.0.0.1");

        assertThat(r.status()).isEqualTo(200);
        String html = r.bodyText();
        assertThat(html).contains("<title>web01 10.0.0.1 « Shop « Kurado</title>");
        assertThat(html.indexOf("data-plugin=\"base\"")).isLessThan(html.indexOf("data-plugin=\"http:80\""));
        assertThat(html).contains("<h4>Traffic(eth0)</h4>", "<h4>CPU Memory</h4>", "<h4>Apache Status</h4>", ">BASE</a>", ">HTTP</a>");
    }

    @Test
    void dayShowsDayAndWeekAt500() {
        String html = f.get("/server?address=10.0.0.1").bodyText();

        assertThat(images(html, "cpu")).containsExactly("term=day&width=500", "term=week&width=500");
    }

    @Test
    void monthShowsDayWeekMonthAndYearAt400() {
        String html = f.get("/server?address=10.0.0.1&term=month").bodyText();

        assertThat(images(html, "cpu")).containsExactly("term=day&width=400", "term=week&width=400", "term=month&width=400", "term=year&width=400");
    }

    @Test
    void shortTermsShowOneWideImage() {
        assertThat(images(f.get("/server?address=10.0.0.1&term=1hour").bodyText(), "cpu")).containsExactly("term=1hour&width=1100");
        assertThat(images(f.get("/server?address=10.0.0.1&term=3days").bodyText(), "cpu")).containsExactly("term=3days&width=1100");
    }

    @Test
    void customPassesFromAndToThrough() {
        String html = f.get("/server?address=10.0.0.1&term=custom&from=2026-11-24%2000:00:00&to=2026-11-24%2012:00:00").bodyText();

        assertThat(html).contains("graph=cpu&amp;term=custom&amp;width=1100&amp;from=2026-11-24%2000%3A00%3A00&amp;to=2026-11-24%2012%3A00%3A00");
        assertThat(html).contains("data-start=\"1795478400\"", "data-end=\"1795521600\"");
    }

    @Test
    void epochRangesFromAZoomAreShownAsDates() {
        String html = f.get("/server?address=10.0.0.1&term=custom&from=1795478400&to=1795521600").bodyText();

        assertThat(html).contains("value=\"2026-11-24 00:00:00\"", "value=\"2026-11-24 12:00:00\"");
    }

    @Test
    void theFromAndToBoxesShowTheRangeOfTheTermOnScreenUpToTheCurrentMinute() {
        f.clock.advance(Duration.ofMinutes(7).plusSeconds(42));

        assertThat(boxes(f.get("/server?address=10.0.0.1").bodyText()))
                .containsExactly("2026-11-24 03:07:00", "2026-11-25 12:07:00"); // day: 33 hours
        assertThat(boxes(f.get("/server?address=10.0.0.1&term=1hour").bodyText()))
                .containsExactly("2026-11-25 10:57:00", "2026-11-25 12:07:00"); // 70 minutes
        assertThat(boxes(f.get("/server?address=10.0.0.1&term=4hours").bodyText()))
                .containsExactly("2026-11-25 08:07:00", "2026-11-25 12:07:00");
        assertThat(boxes(f.get("/server?address=10.0.0.1&term=3days").bodyText()))
                .containsExactly("2026-11-22 12:07:00", "2026-11-25 12:07:00");
        assertThat(boxes(f.get("/server?address=10.0.0.1&term=month").bodyText()))
                .containsExactly("2026-10-21 12:07:00", "2026-11-25 12:07:00");
    }

    @Test
    void theFromAndToBoxesOfACustomRangeShowThatRange() {
        f.clock.advance(Duration.ofMinutes(7).plusSeconds(42));

        assertThat(boxes(f.get("/server?address=10.0.0.1&term=custom&from=2026-11-25%2011:40&to=2026-11-25%2011:56").bodyText()))
                .containsExactly("2026-11-25 11:40", "2026-11-25 11:56");
        // a custom range without from and to is the 32 hours up to the current minute, as before
        assertThat(boxes(f.get("/server?address=10.0.0.1&term=custom").bodyText()))
                .containsExactly("2026-11-24 04:07:00", "2026-11-25 12:07:00");
    }

    /** @return the values of the from and to boxes of the term bar */
    private static java.util.List<String> boxes(String html) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String name : new String[] {"from", "to"}) {
            Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
            assertThat(m.find()).as("a %s box", name).isTrue();
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void aPluginFilterShowsThatPluginOnlyAndKeepsAllPills() {
        String html = f.get("/server?address=10.0.0.1&plugin_identifier=http:80").bodyText();

        assertThat(html).doesNotContain("data-plugin=\"base\"").contains("data-plugin=\"http:80\"");
        assertThat(html).contains("class=\"pill active\" title=\"http:80\"", "title=\"base\"");
    }

    @Test
    void metaValuesAreEscapedUnlessTheViewerMarksThemRaw() {
        f.meta.meta("10.0.0.1", PluginRef.of("base"), Map.of("version", "<script>alert('x')</script>", "rawlink", "<a href=\"/x\">raw</a>"));

        String html = f.get("/server?address=10.0.0.1").bodyText();

        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(html).contains("<a href=\"/x\">raw</a>");
    }

    @Test
    void warningsAreShownAndTurnThePluginRed() {
        f.meta.warn("10.0.0.1", PluginRef.of("base"), "traffic", "2026-11-25T11:59:00 cannot <read> /proc/net/dev");

        String html = f.get("/server?address=10.0.0.1").bodyText();

        assertThat(html).contains("<b>traffic:</b> 2026-11-25T11:59:00 cannot &lt;read&gt; /proc/net/dev", "class=\"plugin-name has-warn\"");
        assertThat(html).contains("class=\"pill has-warn\" title=\"base\"");
    }

    @Test
    void aPushOnlyPluginNotUpdatedFor5MinutesIsFlagged() {
        f.clock.advance(Duration.ofMinutes(6));

        String html = f.get("/server?address=10.0.0.1").bodyText();

        assertThat(html).contains(">Kurado:</b> Metrics are not updated in the last 5 minutes. This host or kurado_agent has been down. last updated: 2026-11-25 11:59:30");
        assertThat(html.split("Metrics are not updated", -1)).hasSize(2);
        assertThat(html).doesNotContain("__system__:");
    }

    @Test
    void aHostThatNeverReportedIsWaitingForItsFirstDataNotDownDuringTheServersFirstFiveMinutes() {
        f.meta.forget("10.0.0.2", PluginRef.of("base"));
        f.clock.advance(Duration.ofMinutes(3));

        String html = f.get("/server?address=10.0.0.2").bodyText();

        assertThat(html).doesNotContain("has been down", "has-warn", "No data received");
        assertThat(html).contains("<p class=\"notice\">Waiting for the first data: the server started 3 minutes ago");
        assertThat(html).contains("class=\"st st-waiting\"");
    }

    @Test
    void aHostThatNeverReportedIsCalledDownFiveMinutesAfterTheServerStarted() {
        f.meta.forget("10.0.0.2", PluginRef.of("base"));
        f.clock.advance(Duration.ofMinutes(12));

        String html = f.get("/server?address=10.0.0.2").bodyText();

        assertThat(html).contains(">Kurado:</b> No data received since the server started 12 minutes ago: this host or its kurado_agent has not reported yet");
        assertThat(html).doesNotContain("Waiting for the first data", "last updated");
        assertThat(html).contains("class=\"st st-critical\"", "class=\"plugin-name has-warn\"");
    }

    @Test
    void theHostsStatusMarkIsBesideItsAddress() {
        assertThat(f.get("/server?address=10.0.0.1").bodyText()).contains("class=\"st st-ok\"");
        f.meta.warn("10.0.0.1", PluginRef.of("base"), "traffic", "2026-11-25T11:59:00 cannot read /proc/net/dev");
        assertThat(f.get("/server?address=10.0.0.1").bodyText()).contains("class=\"st st-warning\"");
    }

    @Test
    void aFailedFetchIsLabelledInWordsNotByItsWireKey() {
        f.meta.warn("10.0.0.1", PluginRef.parse("http:80"), "command", "2026-11-25T11:59:00 connection refused at 10.0.0.1:80");

        String html = f.get("/server?address=10.0.0.1").bodyText();

        assertThat(html).contains(">Fetch failed:</b> 2026-11-25T11:59:00 connection refused at 10.0.0.1:80").doesNotContain(">command:<");
    }

    @Test
    void aMissingAddressIsABadRequestAndAnUnknownOneNotFound() {
        assertThat(f.get("/server").status()).isEqualTo(400);
        assertThat(f.get("/server").bodyText()).isEqualTo("missing address");
        assertThat(f.get("/server?address=10.9.9.9").status()).isEqualTo(404);
    }

    @Test
    void badTermsAndRangesAreBadRequestsWithAMessage() {
        WebResponse term = f.get("/server?address=10.0.0.1&term=decade");
        WebResponse from = f.get("/server?address=10.0.0.1&term=custom&from=soon");
        WebResponse order = f.get("/server?address=10.0.0.1&term=custom&from=2026-11-25%2010:00&to=2026-11-25%2009:00");

        assertThat(term.status()).isEqualTo(400);
        assertThat(term.bodyText()).startsWith("invalid drawing term 'decade'");
        assertThat(from.bodyText()).isEqualTo("invalid from date: soon");
        assertThat(order.bodyText()).isEqualTo("from(2026-11-25 10:00) is newer than to(2026-11-25 09:00)");
    }

    @Test
    void linksKeepTheTermAndFilter() {
        String html = f.get("/server?address=10.0.0.1&term=4hours&plugin_identifier=base").bodyText();

        assertThat(html).contains("href=\"server?address=10.0.0.1&amp;term=4hours&amp;plugin_identifier=base\"");
        assertThat(html).contains("href=\"server?address=10.0.0.1&amp;term=month&amp;plugin_identifier=base\"");
    }

    private static java.util.List<String> images(String html, String graph) {
        Matcher m = Pattern.compile("graph=" + graph + "&amp;(term=[a-z0-9]+&amp;width=\\d+)").matcher(html);
        java.util.List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).replace("&amp;", "&"));
        }
        return out;
    }
}
