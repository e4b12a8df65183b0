package io.kurado.plugins.support;

import io.kurado.api.DataSourceType;
import io.kurado.api.fetch.FetchResult;
import java.util.OptionalDouble;

/** Adds samples to a result only when their value is known. */
public final class Samples {
    private Samples() {}

    /**
     * @param result the result being built
     * @param name the metric name
     * @param type its type
     * @param value the value, if known
     */
    public static void add(FetchResult.Builder result, String name, DataSourceType type, OptionalDouble value) {
        if (value.isPresent()) {
            result.metric(name, type, value.getAsDouble());
        }
    }
}
