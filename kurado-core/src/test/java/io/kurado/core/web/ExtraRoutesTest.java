package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExtraRoutesTest {
    private final WebFixture f = new WebFixture();

    private KuradoWeb.Builder builder() {
        return KuradoWeb.builder().config(f.config).registry(f.registry).metaStore(f.meta).graphs(f.graphs);
    }

    @Test
    void anApplicationsPageIsServedBesideTheUisOwn() {
        KuradoWeb web = builder().route("/metrics", req -> WebResponse.text(200, "up 1")).build();

        assertThat(web.handler().handle(WebRequest.get("/metrics")).bodyText()).isEqualTo("up 1");
        assertThat(web.handler().handle(WebRequest.get("/status")).status()).isEqualTo(200);
        assertThat(web.handler().handle(WebRequest.of("POST", "/metrics", java.util.Map.of())).status()).isEqualTo(405);
    }

    @Test
    void aPageCannotTakeThePathOfOneOfTheUisOwn() {
        assertThatThrownBy(() -> builder().route("/status", req -> WebResponse.text(200, "")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the web UI already serves /status; give the extra page another path");
        assertThatThrownBy(() -> builder().route("metrics", req -> WebResponse.text(200, "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a page's path starts with /: 'metrics'");
    }
}
