package io.kurado.core.web;

import io.kurado.core.engine.EngineContext;
import java.net.InetSocketAddress;

/** The web role's server, started by the engine and closed with it. */
public interface WebServer extends AutoCloseable {
    /** Starts a web server for an engine. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param context the engine whose data the pages show
         * @return the running server
         */
        WebServer start(EngineContext context);
    }

    /** @return the address the server listens on (its port is the one bound when 0 was asked for) */
    InetSocketAddress address();

    /**
     * Applies the {@code web} settings of a configuration re-read: who may see the UI, and the TLS
     * certificate and key of connections from now on.
     *
     * @param access the new settings
     * @return what could not change without a restart, or empty
     * @throws io.kurado.api.KuradoException when the TLS files cannot be used; nothing changed then
     */
    default java.util.Optional<String> reload(io.kurado.core.config.WebAccess access) {
        return java.util.Optional.of("this web server applies new 'web' settings only when restarted");
    }

    /** Stops serving. */
    @Override
    void close();
}
