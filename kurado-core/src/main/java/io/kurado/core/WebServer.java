package io.kurado.core;

/** The web role's server, started by the engine and closed with it. */
public interface WebServer extends AutoCloseable {
    /** Starts a web server for an engine. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param kurado the engine whose data the pages show
         * @return the running server
         */
        WebServer start(Kurado kurado);
    }

    /** Stops serving. */
    @Override
    void close();
}
