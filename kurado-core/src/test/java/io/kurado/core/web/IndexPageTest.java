package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndexPageTest {
    private final WebFixture f = new WebFixture();

    @Test
    void listsEveryServiceWithItsSectionsAndHosts() {
        WebResponse r = f.get("/");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/html; charset=utf-8");
        String html = r.bodyText();
        assertThat(html).contains("<caption>Web</caption>", "href=\"server?address=10.0.0.1\"", "<b>web01</b>", "href=\"./?service=Shop\"");
        assertThat(html).contains("value=\"10.0.0.2\"", "id=\"compare\"");
        assertThat(html.indexOf("Data &amp; Co")).isLessThan(html.indexOf(">Shop<"));
    }

    @Test
    void hostnamesCommentsAndServiceNamesAreEscaped() {
        String html = f.get("/").bodyText();

        assertThat(html).doesNotContain("<script>alert(1)</script>", "<b>end</b>");
        assertThat(html).contains("db&lt;script&gt;alert(1)&lt;/script&gt;", "front &lt;b&gt;end&lt;/b&gt;", "Data &amp; Co");
    }

    @Test
    void aServiceParameterShowsThatServiceOnly() {
        String html = f.get("/?service=Shop").bodyText();

        assertThat(html).contains("10.0.0.1").doesNotContain("10.0.1.1\"");
        assertThat(html).contains("<title>Shop « Kurado</title>");
    }

    @Test
    void anUnknownServiceIsNotFound() {
        WebResponse r = f.get("/?service=Nope");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.bodyText()).contains("service 'Nope'");
    }

    @Test
    void everyPageHasTheSearchBoxAndNoExternalLinks() {
        String html = f.get("/").bodyText();

        assertThat(html).contains("action=\"search\"", "name=\"q\"");
        assertThat(html).doesNotContain("http://", "https://", "//cdn");
    }
}
