package io.kurado.examples.embed;

import com.sun.net.httpserver.HttpServer;
import io.kurado.core.Kurado;
import io.kurado.core.web.KuradoWeb;
import java.nio.charset.StandardCharsets;

/**
 * The web UI mounted in an application that already runs the JDK's HTTP server: the engine runs
 * without its own web role, and the application serves the UI under {@code /kurado/} beside its
 * own pages.
 */
public final class MountedUi {
    private MountedUi() {}

    /**
     * @param server the application's server
     * @param kurado an engine started without the web role
     */
    public static void mount(HttpServer server, Kurado kurado) {
        KuradoWeb web = KuradoWeb.builder()
                .config(kurado.config())
                .registry(kurado.registry())
                .metaStore(kurado.metaStore().orElseThrow())
                .storage(kurado.storage().orElseThrow())
                .clock(kurado.clock())
                .build();
        server.createContext("/kurado", web.httpHandler());      // every link of the UI is relative
        server.createContext("/", exchange -> {                  // the application's own pages
            byte[] body = "<a href=\"/kurado/\">Monitoring</a>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }
}
