package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void textAndAttributesAreEscaped() {
        String html = new Html().open("a", "href", "/x?a=1&b=\"2\"", "title", "it's").text("<script>alert(1)</script>").close("a").toString();

        assertThat(html).isEqualTo("<a href=\"/x?a=1&amp;b=&quot;2&quot;\" title=\"it&#39;s\">&lt;script&gt;alert(1)&lt;/script&gt;</a>");
    }

    @Test
    void rawEmitsMarkupAsItIs() {
        assertThat(new Html().raw("<b>x</b>").toString()).isEqualTo("<b>x</b>");
    }

    @Test
    void plainTextIsReturnedUnchanged() {
        assertThat(Html.escape("web01 10.0.0.1")).isEqualTo("web01 10.0.0.1");
    }

    @Test
    void elementAndAttributeNamesAreChecked() {
        assertThatThrownBy(() -> new Html().open("a onclick=x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Html().open("a", "href")).hasMessageContaining("pairs");
        assertThatThrownBy(() -> new Html().open("a", "on\"x", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linksEncodeEveryParameter() {
        assertThat(Link.to("/server").param("address", "a b&c").param("plugin_identifier", "http:80:/s?x=1").toString())
                .isEqualTo("server?address=a%20b%26c&plugin_identifier=http%3A80%3A%2Fs%3Fx%3D1");
    }
}
