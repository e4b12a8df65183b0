package io.kurado.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One plugin entry of a roll: a plugin name and its arguments, written {@code name[:arg[:arg…]]}
 * ({@code base}, {@code http:80}, {@code nginx:8080:/nginx_status}).
 *
 * @param name the plugin name, which selects the fetcher and the viewer; never empty
 * @param arguments the arguments, possibly empty
 * @since 0.1
 */
public record PluginRef(String name, List<String> arguments) {
    /** Validates the fields and copies the arguments. */
    public PluginRef {
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("plugin name must not be empty");
        }
    }

    /**
     * A plugin entry without arguments.
     *
     * @param name the plugin name
     * @return the entry
     */
    public static PluginRef of(String name) {
        return new PluginRef(name, List.of());
    }

    /**
     * A plugin entry with arguments.
     *
     * @param name the plugin name
     * @param arguments the arguments
     * @return the entry
     */
    public static PluginRef of(String name, String... arguments) {
        return new PluginRef(name, List.of(arguments));
    }

    /**
     * Parses a roll entry (or a raw identifier). As in the original, the entry is split on every
     * colon and empty trailing arguments are dropped.
     *
     * @param entry for example {@code http:80:/server-status?auto}
     * @return the entry
     * @throws IllegalArgumentException when the entry has no plugin name (e.g. {@code :80})
     */
    public static PluginRef parse(String entry) {
        Objects.requireNonNull(entry, "entry");
        List<String> parts = new ArrayList<>(List.of(entry.split(":", -1)));
        while (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        String name = parts.get(0);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("cannot find plugin name in '" + entry + "'");
        }
        return new PluginRef(name, parts.subList(1, parts.size()));
    }

    /**
     * Parses an escaped identifier as it appears in lines and directory names.
     *
     * @param escaped for example {@code http%3A80}
     * @return the entry
     * @throws IllegalArgumentException when it has no plugin name
     */
    public static PluginRef fromEscaped(String escaped) {
        return parse(Escaping.unescape(escaped));
    }

    /** @return the identifier, the name followed by {@code :arg} for each argument */
    public String identifier() {
        if (arguments.isEmpty()) {
            return name;
        }
        return name + ":" + String.join(":", arguments);
    }

    /** @return the identifier escaped for directory names, Redis keys and line prefixes */
    public String escapedIdentifier() {
        return Escaping.escapeIdentifier(identifier());
    }

    /** @return the identifier when at most 27 characters, else its first 25 followed by {@code ..} */
    public String shortIdentifier() {
        String id = identifier();
        return id.length() <= 27 ? id : id.substring(0, 25) + "..";
    }

    /** @return the identifier */
    @Override
    public String toString() {
        return identifier();
    }
}
