package io.kurado.core.testkit;

import io.kurado.api.Host;
import io.kurado.api.Observation;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.Warning;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.line.LineCodec;
import io.kurado.api.line.RejectedLine;
import io.kurado.core.internal.engine.FailureText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one fetch did.
 *
 * @param host the host fetched
 * @param plugin the roll entry
 * @param samples the samples, in the order the fetcher added them
 * @param meta the meta values by key
 * @param warnings the warnings the fetcher raised, by key
 * @param rejected lines of text output that could not be read
 * @param failure what the fetcher threw, or the timeout when it ran past its deadline
 * @param timedOut true when it ran past its deadline
 * @param elapsed how long it took in real time
 * @param observations everything the fetcher returned, in order
 * @param timestamp the epoch second of the fetch, for the lines of a failure
 */
public record FetchRun(
        Host host,
        PluginRef plugin,
        List<Sample> samples,
        Map<String, String> meta,
        Map<String, String> warnings,
        List<RejectedLine> rejected,
        Optional<Throwable> failure,
        boolean timedOut,
        Duration elapsed,
        List<Observation> observations,
        long timestamp) {
    /** Validates the fields and copies the collections. */
    public FetchRun {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(plugin, "plugin");
        samples = List.copyOf(samples);
        meta = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        warnings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(warnings));
        rejected = List.copyOf(rejected);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(elapsed, "elapsed");
        observations = List.copyOf(observations);
    }

    static FetchRun of(Host host, PluginRef plugin, FetchContext ctx, FetchResult r, Duration elapsed) {
        if (r == null) {
            return failed(host, plugin, ctx, new NullPointerException("the fetcher returned null"), elapsed, false);
        }
        return new FetchRun(host, plugin, r.samples(), r.meta(), r.warnings(), r.rejected(), Optional.empty(), false, elapsed,
                r.observations(), ctx.clock().instant().getEpochSecond());
    }

    static FetchRun failed(Host host, PluginRef plugin, FetchContext ctx, Throwable failure, Duration elapsed, boolean timedOut) {
        return new FetchRun(host, plugin, List.of(), Map.of(), Map.of(), List.of(), Optional.of(failure), timedOut, elapsed, List.of(),
                ctx.clock().instant().getEpochSecond());
    }

    /** @return true when the fetcher returned a result in time */
    public boolean succeeded() {
        return failure.isEmpty();
    }

    /** @return the failure's message as the host page shows it ({@code warn.command}), if it failed */
    public Optional<String> failureMessage() {
        return failure.map(FailureText::of);
    }

    /**
     * @throws AssertionError when the fetch failed or timed out, with the failure as its cause
     */
    public FetchRun assertSucceeded() {
        if (failure.isPresent()) {
            throw new AssertionError("fetch " + plugin.identifier() + " of " + host.address() + " failed: " + failureMessage().get(),
                    failure.get());
        }
        return this;
    }

    /** @return the metric keys with their types ({@code busy.gauge}), in the order produced */
    public Set<String> keys() {
        Set<String> k = new LinkedHashSet<>();
        samples.forEach(s -> k.add(s.key().toString()));
        return k;
    }

    /**
     * @param key a metric key with its type, e.g. {@code busy.gauge}
     * @return the value of that sample, if the fetch produced it (NaN when unknown)
     */
    public Optional<Double> sample(String key) {
        return samples.stream().filter(s -> s.key().toString().equals(key)).map(Sample::value).findFirst();
    }

    /**
     * @param key a metric key with its type
     * @return the value of that sample
     * @throws AssertionError when the fetch did not produce it
     */
    public double value(String key) {
        return sample(key).orElseThrow(() -> new AssertionError("fetch " + plugin.identifier() + " produced no sample '" + key
                + "'; it produced " + keys()));
    }

    /**
     * @return the lines a fetch worker would put on the update queue: the result, or one
     *     {@code warn.command} line when the fetch failed
     */
    public List<String> lines() {
        List<Observation> obs = new ArrayList<>(observations);
        failureMessage().ifPresent(m -> obs.add(new Warning(host.address(), plugin, "command", m, timestamp)));
        String batch = LineCodec.encodeBatch(obs);
        return batch.isEmpty() ? List.of() : List.of(batch.split("\n"));
    }
}
