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

    /** Stops serving. */
    @Override
    void close();
}
