package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExportHandlerTest {
    private static final String URL = "/api/graph-data?address=10.0.0.1&plugin_identifier=base&graph=traffic-eth0&term=1hour";

    private final WebFixture f = new WebFixture();

    @Test
    void exportsJsonWithNullForUnknownValues() {
        WebResponse r = f.get(URL);

        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.bodyText()).contains("\"address\":\"10.0.0.1\"", "\"graph\":\"traffic-eth0\"", "\"term\":\"1hour\"",
                "\"columns\":[\"in\",\"out, \\\"bytes\\\"\"]", "\"rows\":[[1000,1.5,null],[1060,2.0,3.0]]");
    }

    @Test
    void exportsCsvWithQuotedHeaders() {
        WebResponse r = f.get(URL + "&format=csv");

        assertThat(r.contentType()).startsWith("text/csv");
        assertThat(r.bodyText()).isEqualTo("time,in,\"out, \"\"bytes\"\"\"\r\n1000,1.5,\r\n1060,2.0,3.0\r\n");
        assertThat(r.headers().get("Content-Disposition")).isEqualTo("inline; filename=\"10.0.0.1-base-traffic-eth0.csv\"");
    }

    @Test
    void anUnknownFormatIsABadRequest() {
        assertThat(f.get(URL + "&format=xml").bodyText()).isEqualTo("invalid format 'xml' (expected json or csv)");
    }
}
