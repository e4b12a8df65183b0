package io.kurado.api.fetch;

import io.kurado.api.DataSourceType;
import io.kurado.api.Meta;
import io.kurado.api.MetricKey;
import io.kurado.api.Observation;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.Warning;
import io.kurado.api.line.DecodedBatch;
import io.kurado.api.line.PluginOutput;
import io.kurado.api.line.RejectedLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one fetch produced: samples, meta values and warnings of one host and plugin, plus any
 * lines of text output that could not be read.
 *
 * @param observations the samples, meta values and warnings
 * @param rejected lines of text output that were malformed (empty for typed results)
 * @since 0.1
 */
public record FetchResult(List<Observation> observations, List<RejectedLine> rejected) {
    /** Copies the lists. */
    public FetchResult {
        observations = List.copyOf(observations);
        rejected = List.copyOf(rejected);
    }

    /**
     * Reads text output in the format of the original's plugins ({@code key TAB value [TAB
     * timestamp]} per line), normalised as {@link PluginOutput} describes.
     *
     * @param context the fetch the output belongs to
     * @param output the text
     * @return the result
     */
    public static FetchResult parse(FetchContext context, String output) {
        DecodedBatch b = PluginOutput.parse(
                context.host().address(), context.plugin(), output, context.clock().instant().getEpochSecond());
        return new FetchResult(b.observations(), b.rejected());
    }

    /**
     * @param address the host address
     * @param plugin the plugin
     * @param now the epoch second given to every value
     * @return a builder
     */
    public static Builder builder(String address, PluginRef plugin, long now) {
        return new Builder(address, plugin, now);
    }

    /** @return the metric samples */
    public List<Sample> samples() {
        return observations.stream().filter(Sample.class::isInstance).map(Sample.class::cast).toList();
    }

    /** @return the meta values by key, in the order they were added */
    public Map<String, String> meta() {
        Map<String, String> m = new LinkedHashMap<>();
        observations.stream().filter(Meta.class::isInstance).map(Meta.class::cast).forEach(x -> m.put(x.key(), x.value()));
        return m;
    }

    /** @return the warnings by key, in the order they were added */
    public Map<String, String> warnings() {
        Map<String, String> m = new LinkedHashMap<>();
        observations.stream()
                .filter(Warning.class::isInstance)
                .map(Warning.class::cast)
                .forEach(x -> m.put(x.key(), x.message()));
        return m;
    }

    /**
     * Finds a sample by its key.
     *
     * @param key for example {@code busy.gauge}
     * @return the value, or NaN when there is no such sample or it is unknown
     */
    public double value(String key) {
        MetricKey k = MetricKey.of(key);
        return samples().stream().filter(s -> s.key().equals(k)).mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
    }

    /** Collects the values of one fetch. */
    public static final class Builder {
        private final String address;
        private final PluginRef plugin;
        private final long now;
        private final List<Observation> observations = new ArrayList<>();

        private Builder(String address, PluginRef plugin, long now) {
            this.address = Objects.requireNonNull(address, "address");
            this.plugin = Objects.requireNonNull(plugin, "plugin");
            this.now = now;
        }

        /**
         * Adds a sample.
         *
         * @param name the metric name without type suffix
         * @param type its type
         * @param value its value, NaN for unknown
         * @return this builder
         */
        public Builder metric(String name, DataSourceType type, double value) {
            observations.add(new Sample(address, plugin, MetricKey.of(name, type), value, now));
            return this;
        }

        /**
         * @param name the metric name
         * @param value the value
         * @return this builder
         */
        public Builder gauge(String name, double value) {
            return metric(name, DataSourceType.GAUGE, value);
        }

        /**
         * @param name the metric name
         * @param value the counter's current value
         * @return this builder
         */
        public Builder derive(String name, double value) {
            return metric(name, DataSourceType.DERIVE, value);
        }

        /**
         * @param name the metric name
         * @param value the counter's current value
         * @return this builder
         */
        public Builder counter(String name, double value) {
            return metric(name, DataSourceType.COUNTER, value);
        }

        /**
         * Adds a meta value, shown on the host page and handed to the viewer.
         *
         * @param key the meta key
         * @param value the text
         * @return this builder
         */
        public Builder meta(String key, String value) {
            observations.add(new Meta(address, plugin, key, value, now));
            return this;
        }

        /**
         * Adds a warning, shown on the host page for five minutes.
         *
         * @param key what it is about
         * @param message the text
         * @return this builder
         */
        public Builder warn(String key, String message) {
            observations.add(new Warning(address, plugin, key, message, now));
            return this;
        }

        /** @return the result */
        public FetchResult build() {
            return new FetchResult(observations, List.of());
        }
    }
}
