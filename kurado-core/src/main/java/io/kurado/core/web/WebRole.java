package io.kurado.core.web;

import io.kurado.core.engine.EngineContext;
import io.kurado.core.engine.Role;
import io.kurado.core.engine.RoleComponent;
import io.kurado.core.engine.RoleProvider;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The web role: serves the UI of an engine's context on the configuration's {@code listen}
 * address ({@link KuradoWeb#factory()}), or through another {@link WebServer.Factory}
 * ({@link KuradoWeb#role(WebServer.Factory)}).
 */
public final class WebRole implements RoleProvider {
    private final WebServer.Factory factory;

    /** The UI on the configuration's {@code listen} address; what {@link java.util.ServiceLoader} finds. */
    public WebRole() {
        this(KuradoWeb.factory());
    }

    WebRole(WebServer.Factory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public Role role() {
        return Role.WEB;
    }

    @Override
    public int startOrder() {
        return 400;
    }

    @Override
    public Set<Need> needs() {
        return EnumSet.of(Need.STORAGE, Need.META_STORE);
    }

    @Override
    public RoleComponent create(EngineContext ctx) {
        return new RoleComponent() {
            private WebServer server;
            private AutoCloseable listening;

            @Override
            public synchronized void start() {
                server = factory.start(ctx);
                WebServer s = server;
                listening = ctx.configs().addListener(next -> s.reload(next.settings().access()));
            }

            @Override
            public synchronized Optional<InetSocketAddress> address() {
                return Optional.ofNullable(server).map(WebServer::address);
            }

            @Override
            public synchronized void close() {
                if (listening != null) {
                    try {
                        listening.close();
                    } catch (Exception e) {
                        // removing a listener from a list does not fail
                    }
                }
                if (server != null) {
                    server.close();
                }
            }
        };
    }
}
