package io.kurado.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the providers given one {@link ProviderConfig} share, such as the one Redis client of the
 * queue, meta store and coordination made from one configuration. Nothing here is JVM-wide: two
 * engines with configurations of their own share nothing. Whoever puts a value here owns it and
 * closes it (a shared client is typically shut down by the last of its users).
 *
 * @since 0.1
 */
public final class SharedResources {
    private final Map<String, Object> values = new HashMap<>();

    /**
     * Replaces the value held under a key, atomically with respect to every other call on this
     * object.
     *
     * @param key the value's name (a provider's class name, say)
     * @param type the value's type
     * @param update given the value held now, if any, returns the one to hold
     * @param <T> the value's type
     * @return the value now held
     * @throws ClassCastException when the key holds a value of another type
     */
    public synchronized <T> T compute(String key, Class<T> type, Function<Optional<T>, ? extends T> update) {
        Objects.requireNonNull(key, "key");
        T now = Objects.requireNonNull(update.apply(Optional.ofNullable(type.cast(values.get(key)))), "update's value");
        values.put(key, now);
        return now;
    }

    @Override
    public synchronized String toString() {
        return "SharedResources" + values.keySet();
    }
}
