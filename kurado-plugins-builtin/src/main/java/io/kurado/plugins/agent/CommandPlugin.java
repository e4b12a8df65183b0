package io.kurado.plugins.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A command plugin of the agent, a {@code [plugin.metrics.<name>]} table of a {@code conf.d/*.toml}
 * file: a shell command whose output lines ({@code key TAB value [TAB timestamp]}) become the
 * metrics of plugin {@code <name>}.
 *
 * @param name the plugin name, the first key segment of its lines
 * @param command the command, run with {@code /bin/sh -c}
 * @param timeout how long the command may run
 * @param source the file and line it was defined at, for messages
 * @since 0.1
 */
public record CommandPlugin(String name, String command, Duration timeout, String source) {
    /** The timeout when a plugin does not set one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Validates the fields. */
    public CommandPlugin {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(source, "source");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("plugin name must not be empty");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout of plugin " + name + " must be positive");
        }
    }

    /**
     * A plugin with the default timeout.
     *
     * @param name the plugin name
     * @param command the shell command
     * @return the plugin
     */
    public static CommandPlugin of(String name, String command) {
        return new CommandPlugin(name, command, DEFAULT_TIMEOUT, "(code)");
    }

    /**
     * @param file the file it was defined in
     * @param line the line of its table header
     * @return the text that names where a plugin was defined
     */
    static String source(Path file, int line) {
        return file + ":" + line;
    }
}
