package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchPageTest {
    private final WebFixture f = new WebFixture();

    @Test
    void findsHostsByHostnameCommentServiceOrSection() {
        assertThat(f.get("/search?q=WEB01").bodyText()).contains("Hosts (1)", "href=\"server?address=10.0.0.1\"");
        assertThat(f.get("/search?q=primary").bodyText()).contains("Hosts (1)", "10.0.1.1");
        assertThat(f.get("/search?q=shop+web").bodyText()).contains("Hosts (2)");
        assertThat(f.get("/search?q=10.0.").bodyText()).contains("Hosts (3)");
    }

    @Test
    void findsGraphsByTitleNarrowedByHostWords() {
        String html = f.get("/search?q=apache+web02").bodyText();

        assertThat(html).contains("Graphs (1)", "10.0.0.2 › http:80 › Apache Status › busy");
        assertThat(html).contains("href=\"server?address=10.0.0.2&amp;plugin_identifier=http%3A80#p-http_3A80\"");
    }

    @Test
    void theQueryIsEscapedAndKeptInTheBox() {
        String html = f.get("/search?q=%3Cimg%3E").bodyText();

        assertThat(html).doesNotContain("<img>").contains("value=\"&lt;img&gt;\"", "No host matches.");
    }

    @Test
    void anEmptyQueryExplainsWhatToType() {
        assertThat(f.get("/search").bodyText()).contains("Type an address");
    }
}
