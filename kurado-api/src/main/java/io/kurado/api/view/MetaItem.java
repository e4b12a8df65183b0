package io.kurado.api.view;

import java.util.Objects;

/**
 * A key/value badge shown beside a graph group's title.
 *
 * @param key the label
 * @param value the text
 * @param raw true when the value is HTML that the page emits as it is (the original's {@code >||}
 *     marker); every other value is escaped
 * @since 0.1
 */
public record MetaItem(String key, String value, boolean raw) {
    /** Validates the fields. */
    public MetaItem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /**
     * @param key the label
     * @param value the text, escaped when shown
     * @return the badge
     */
    public static MetaItem of(String key, String value) {
        return new MetaItem(key, value, false);
    }
}
