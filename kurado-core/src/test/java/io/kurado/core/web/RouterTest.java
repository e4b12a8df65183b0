package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final WebFixture f = new WebFixture();

    @Test
    void anUnknownPathIsNotFound() {
        assertThat(f.get("/nope").status()).isEqualTo(404);
    }

    @Test
    void onlyTheStatusApiAcceptsPost() {
        WebResponse r = f.web.handler().handle(WebRequest.of("POST", "/server?address=10.0.0.1", Map.of()));

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("Allow", "GET, HEAD");
    }

    @Test
    void staticAssetsAreServedWithALongCacheLifetime() {
        WebResponse css = f.get("/static/kurado.css");

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.headers().get("Cache-Control")).contains("max-age=31536000");
        assertThat(f.get("/static/kurado.js").contentType()).startsWith("text/javascript");
        assertThat(f.get("/favicon.ico").contentType()).isEqualTo("image/svg+xml");
    }

    @Test
    void pagesReferenceAssetsByContentHash() {
        assertThat(f.get("/").bodyText()).containsPattern("\"static/kurado\\.css\\?v=[0-9a-f]{12}");
    }

    @Test
    void noRequestPathReachesAnyOtherResourceOrFile() {
        for (String p : new String[] {
            "/static/../KuradoWeb.class", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/../../../../etc/passwd",
            "/static/kurado.css/../../x", "/static/", "/static/KuradoWeb.class", "/static//etc/passwd",
            "/static/..%2Fweb%2FKuradoWeb.class", "/../etc/passwd", "/static/kurado.css%00.png"}) {
            WebResponse r = f.web.handler().handle(WebRequest.get(p));
            assertThat(r.status()).as(p).isEqualTo(404);
        }
    }
}
