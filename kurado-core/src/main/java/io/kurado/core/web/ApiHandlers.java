package io.kurado.core.web;

import io.kurado.core.config.HostEntry;
import io.kurado.core.config.Service;
import java.util.List;
import java.util.Optional;

/** The original's JSON and text endpoints: {@code /api/host-status} and {@code /api/servers}. */
final class ApiHandlers {
    private ApiHandlers() {}

    /** {@code /api/host-status}: {@code {"<address>": 0|1|2}}; 2 for an address not configured. */
    static WebHandler hostStatus(WebContext ctx) {
        return req -> {
            List<String> addresses = Params.addresses(req);
            return WebResponse.json(Json.write(g -> {
                g.writeStartObject();
                for (String a : addresses) {
                    Optional<HostEntry> h = ctx.config().host(a);
                    g.writeNumberField(a, h.map(ctx.views()::status).orElse(2));
                }
                g.writeEndObject();
            }));
        };
    }

    /** {@code /api/servers}: one line per host, {@code <address> <hostname> <comments>}. */
    static WebHandler servers(WebContext ctx) {
        return req -> {
            Optional<String> only = req.param("service");
            List<Service> services = only.map(name -> List.of(ctx.config().service(name)
                    .orElseThrow(() -> WebException.notFound("service '" + name + "' is not in the configuration"))))
                    .orElse(ctx.config().services());
            StringBuilder sb = new StringBuilder();
            for (Service s : services) {
                for (HostEntry h : s.hosts()) {
                    sb.append(h.address()).append(' ').append(h.host().hostname()).append(' ').append(h.host().comments()).append('\n');
                }
            }
            return WebResponse.text(200, sb.toString());
        };
    }
}
