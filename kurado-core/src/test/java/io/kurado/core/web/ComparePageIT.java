package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The comparison page over a real socket: a grid whose rows line up whatever graphs each host has. */
class ComparePageIT {
    private static final Pattern ROW = Pattern.compile("<tr( [^>]*)?>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<(td|th)( [^>]*)?>(.*?)</\\1>", Pattern.DOTALL);
    private static final Pattern ADDRESS = Pattern.compile("data-address=\"([^\"]*)\"");

    private record Cell(String attributes, String content) {
        String address() {
            Matcher m = ADDRESS.matcher(attributes);
            return m.find() ? m.group(1) : "";
        }

        boolean empty() {
            return attributes.contains("class=\"no-graph\"");
        }
    }

    private record Row(String attributes, List<Cell> cells) {}

    @Test
    void everyRowHasOneCellPerHostAndAnEmptyOneWhereAHostLacksTheGraph() throws Exception {
        WebFixture f = new WebFixture();
        try (NioWebServer server = f.web.start(new InetSocketAddress("127.0.0.1", 0), 2)) {
            HttpResponse<String> page = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/servers?address=10.0.1.1&address=10.0.0.1"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);

            List<Row> rows = rows(page.body());

            assertThat(rows).as("the header, then per plugin a heading row, group rows and graph rows").hasSizeGreaterThan(8);
            for (Row r : rows) {
                assertThat(r.cells()).as("cells of <tr%s>", r.attributes()).extracting(Cell::address)
                        .containsExactly("10.0.1.1", "10.0.0.1");
            }
            Row busy = graphRow(rows, "busy");
            assertThat(busy.cells().get(0).empty()).as("10.0.1.1 has no http plugin: a gap").isTrue();
            assertThat(busy.cells().get(0).content()).doesNotContain("<img");
            assertThat(busy.cells().get(1).content()).contains("<img", "address=10.0.0.1&amp;plugin_identifier=http%3A80&amp;graph=busy");
            for (String graph : List.of("traffic-eth0", "cpu", "memory-usage")) {
                Row r = graphRow(rows, graph);
                assertThat(r.cells()).noneMatch(Cell::empty);
                assertThat(r.cells().get(0).content()).contains("address=10.0.1.1&amp;plugin_identifier=base&amp;graph=" + graph);
                assertThat(r.cells().get(1).content()).contains("address=10.0.0.1&amp;plugin_identifier=base&amp;graph=" + graph);
            }
            assertThat(rows.indexOf(graphRow(rows, "memory-usage"))).isLessThan(rows.indexOf(busy));
        }
    }

    private static Row graphRow(List<Row> rows, String graph) {
        return rows.stream().filter(r -> r.attributes().contains("class=\"compare-graph-row\"") && r.attributes().contains("data-graph=\"" + graph + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("no row for graph " + graph));
    }

    private static List<Row> rows(String html) {
        int start = html.indexOf("<table class=\"compare\"");
        assertThat(start).as("a grid on the page").isNotNegative();
        String table = html.substring(start, html.indexOf("</table>", start));
        List<Row> rows = new ArrayList<>();
        Matcher r = ROW.matcher(table);
        while (r.find()) {
            List<Cell> cells = new ArrayList<>();
            Matcher c = CELL.matcher(r.group(2));
            while (c.find()) {
                cells.add(new Cell(c.group(2) == null ? "" : c.group(2), c.group(3)));
            }
            rows.add(new Row(r.group(1) == null ? "" : r.group(1), cells));
        }
        return rows;
    }
}
