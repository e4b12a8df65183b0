package io.kurado.examples.metrics;

import io.kurado.api.metrics.DurationRecorder;
import io.kurado.api.metrics.MeterId;
import io.kurado.api.metrics.Meters;
import io.kurado.core.web.WebRequest;
import io.kurado.core.web.WebResponse;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Kurado's meters on Micrometer's Prometheus registry, with the JVM's (memory, garbage collection,
 * threads, classes, CPU, file descriptors, uptime), and the {@code /metrics} page that shows them in
 * the Prometheus text format.
 *
 * <pre>{@code
 * try (PrometheusMeters meters = new PrometheusMeters()) {
 *     Kurado.builder()...meters(meters)
 *             .role(KuradoWeb.role(KuradoWeb.factoryWith(web -> web.route("/metrics", meters::page))));
 * }
 * }</pre>
 */
public final class PrometheusMeters implements Meters, AutoCloseable {
    /** The text format's media type. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Histogram buckets of every duration: from 5 ms (a graph from the cache) to a fetch's 30 s deadline. */
    private static final Duration[] BUCKETS = List.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000).stream()
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Micrometer holds what a function counter reads weakly: these keep them. */
    private final List<LongSupplier> counted = new CopyOnWriteArrayList<>();

    /** A registry with the JVM's meters bound. */
    public PrometheusMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    @Override
    public void counter(MeterId id, LongSupplier count) {
        counted.add(count);
        FunctionCounter.builder(id.name(), count, c -> c.getAsLong()).description(id.help()).tags(tags(id)).register(registry);
    }

    @Override
    public void gauge(MeterId id, DoubleSupplier value) {
        Gauge.builder(id.name(), value, DoubleSupplier::getAsDouble).description(id.help()).tags(tags(id)).strongReference(true)
                .register(registry);
    }

    @Override
    public DurationRecorder timer(MeterId id) {
        Timer t = Timer.builder(id.name()).description(id.help()).tags(tags(id)).serviceLevelObjectives(BUCKETS).register(registry);
        return nanos -> t.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @return every meter in the Prometheus text format */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * The {@code /metrics} page.
     *
     * @param request the request
     * @return the meters in the Prometheus text format
     */
    public WebResponse page(WebRequest request) {
        return WebResponse.bytes(CONTENT_TYPE, scrape().getBytes(StandardCharsets.UTF_8));
    }

    private static List<Tag> tags(MeterId id) {
        return id.tags().entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
