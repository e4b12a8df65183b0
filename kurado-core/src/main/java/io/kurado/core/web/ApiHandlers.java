package io.kurado.core.web;

import io.kurado.core.config.HostEntry;
import io.kurado.core.config.Service;
import io.kurado.core.status.HostStatus;
import java.util.List;
import java.util.Optional;

/** The original's JSON and text endpoints: {@code /api/host-status} and {@code /api/servers}. */
final class ApiHandlers {
    private ApiHandlers() {}

    /**
     * {@code /api/host-status}: {@code {"<address>": 0|1|2}}; 2 for an address not configured, and,
     * as in the original, for a host that has never reported. With {@code waiting=1} (the index
     * page's script) such a host is 3 instead while the server has been running for less than
     * five minutes: waiting for its first data, not down.
     */
    static WebHandler hostStatus(WebContext ctx) {
        return req -> {
            List<String> addresses = Params.addresses(req);
            boolean waiting = req.param("waiting").map("1"::equals).orElse(false);
            return WebResponse.json(Json.write(g -> {
                g.writeStartObject();
                for (String a : addresses) {
                    Optional<HostStatus.Level> level = ctx.config().host(a).map(ctx.views()::level);
                    g.writeNumberField(a, level.map(l -> waiting && l == HostStatus.Level.WAITING ? 3 : l.code()).orElse(2));
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
