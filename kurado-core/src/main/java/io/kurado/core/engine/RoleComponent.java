package io.kurado.core.engine;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * A running role. The engine registers it for closing before it calls {@link #start()}, so a start
 * that fails half way is undone by {@link #close()} like any other; a failed start also closes the
 * roles started before it.
 */
public interface RoleComponent extends AutoCloseable {
    /**
     * Starts the role's threads.
     *
     * @throws io.kurado.api.KuradoException when it cannot start, saying why
     */
    void start();

    /** @return the address the role serves on, when it listens on one (the web role does) */
    default Optional<InetSocketAddress> address() {
        return Optional.empty();
    }

    /** Stops the role, letting work it has taken finish. Called once, even after a failed start. */
    @Override
    void close();
}
