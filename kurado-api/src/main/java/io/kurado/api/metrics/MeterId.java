package io.kurado.api.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Names one meter: its name as Prometheus spells it, a line of help, and its tags.
 *
 * <p>Names follow Prometheus' conventions: lower case words joined by {@code _}, the {@code kurado_}
 * prefix, base units in the name ({@code _seconds}, {@code _bytes}), {@code _total} at the end of a
 * counter's, and not {@code _created}, {@code _bucket}, {@code _count}, {@code _sum} or {@code _info}. Tags take a few values each (a plugin, an outcome, a queue's topic), never one per host.
 *
 * @param name the name, e.g. {@code kurado_samples_written_total}
 * @param help what it counts, in one sentence
 * @param tags the tags, sorted by name
 * @since 0.1
 */
public record MeterId(String name, String help, Map<String, String> tags) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    /** Endings the Prometheus formats give a meaning of their own (a histogram's parts, a counter's start). */
    private static final Pattern RESERVED = Pattern.compile(".*_(created|bucket|count|sum|info)(_total)?");

    /** Validates the fields and copies the tags, sorted by name. */
    public MeterId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a meter name is lower case letters, digits and _, starting with a letter: '" + name + "'");
        }
        if (RESERVED.matcher(name).matches()) {
            throw new IllegalArgumentException("a meter name must not end in _created, _bucket, _count, _sum or _info, which the"
                    + " Prometheus formats use for parts of a meter: '" + name + "'");
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("a tag name is lower case letters, digits and _, starting with a letter: '" + e.getKey()
                        + "' of " + name);
            }
            Objects.requireNonNull(e.getValue(), "the value of tag " + e.getKey());
        }
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /**
     * @param name the name
     * @param help what it counts
     * @return an id without tags
     */
    public static MeterId of(String name, String help) {
        return new MeterId(name, help, Map.of());
    }

    /**
     * @param tag a tag's name
     * @param value its value
     * @return this id with the tag added (or replaced)
     */
    public MeterId tag(String tag, String value) {
        Map<String, String> m = new TreeMap<>(tags);
        m.put(tag, value);
        return new MeterId(name, help, m);
    }
}
