package io.kurado.examples.cli;

import io.kurado.api.Meta;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaWrite;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.WriteResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what an agent would have pushed for a host's {@code base} plugin: one interface
 * ({@code eth0}), one disk ({@code sda}, mounted at {@code /} as {@code sda1}), the memory, CPU,
 * load and TCP metrics, and the meta the base viewer lists graphs from. Values follow smooth
 * daily curves, so graphs look like graphs. Used by {@code bench web} and the browser test.
 */
public final class BaseHistory {
    /** The plugin written. */
    public static final PluginRef BASE = PluginRef.of("base");

    private static final String[] CPU = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest-nice"};

    private BaseHistory() {}

    /**
     * Writes one sample per minute per metric for a host, oldest first, then its meta and arrival.
     *
     * @param storage where the samples go
     * @param meta where the meta and arrival time go
     * @param address the host address
     * @param from the epoch second of the first minute
     * @param to the epoch second of the last minute (the arrival time)
     * @return how many samples were written
     */
    public static long write(Storage storage, MetaStore meta, String address, long from, long to) {
        long written = 0;
        List<Sample> batch = new ArrayList<>();
        long start = from - from % 60;
        Map<String, Double> counters = new HashMap<>();
        for (long t = start; t <= to; t += 60) {
            minute(address, t, start, counters, batch);
            if (batch.size() >= 20_000) {
                written += flush(storage, batch);
            }
        }
        written += flush(storage, batch);
        meta(meta, address, to);
        return written;
    }

    /**
     * The samples {@link #write} writes for a host, oldest first.
     *
     * @param address the host address
     * @param from the epoch second of the first minute
     * @param to the epoch second of the last minute
     * @return one sample per minute per metric
     */
    public static List<Sample> samples(String address, long from, long to) {
        List<Sample> out = new ArrayList<>();
        long start = from - from % 60;
        Map<String, Double> counters = new HashMap<>();
        for (long t = start; t <= to; t += 60) {
            minute(address, t, start, counters, out);
        }
        return out;
    }

    /**
     * Stores only the meta and arrival time of a host, so its page lists its graphs.
     *
     * @param meta the meta store
     * @param address the host address
     * @param at the arrival time, epoch seconds
     */
    public static void meta(MetaStore meta, String address, long at) {
        meta.write(new MetaWrite(metaOf(address, at), List.of(), List.of(new MetaWrite.Received(address, BASE)), at));
    }

    /**
     * @param address the host address
     * @param at the arrival time, epoch seconds
     * @return the meta {@link #meta} stores: one interface, one disk, the uptime and kernel version
     */
    public static List<Meta> metaOf(String address, long at) {
        return List.of(
                new Meta(address, BASE, "traffic-interfaces", "eth0", at),
                new Meta(address, BASE, "disk-usage-devices", "sda1", at),
                new Meta(address, BASE, "disk-usage-sda1-mount", "/", at),
                new Meta(address, BASE, "disk-io-devices", "sda", at),
                new Meta(address, BASE, "uptime", "1234567", at),
                new Meta(address, BASE, "version", "Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org)", at));
    }

    private static long flush(Storage storage, List<Sample> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        WriteResult r = storage.write(batch);
        batch.clear();
        if (r.failed() > 0) {
            throw new IllegalStateException(r.failed() + " samples could not be written, e.g. " + r.failures().get(0));
        }
        return r.written();
    }

    private static void minute(String a, long t, long start, Map<String, Double> c, List<Sample> out) {
        double day = Math.sin((t % 86_400) / 86_400.0 * 2 * Math.PI);
        double wave = 0.5 + 0.4 * day + 0.1 * Math.sin(t / 600.0);
        long elapsed = t - start;
        out.add(gauge(a, "loadavg-1", 2 * wave, t));
        out.add(gauge(a, "loadavg-5", 1.8 * wave, t));
        out.add(gauge(a, "loadavg-15", 1.6 * wave, t));
        out.add(gauge(a, "processors", 4, t));
        out.add(gauge(a, "tcp-established", Math.round(200 * wave), t));
        double total = 16e9;
        double used = total * (0.3 + 0.2 * wave);
        out.add(gauge(a, "memory-total", total, t));
        out.add(gauge(a, "memory-used", used, t));
        out.add(gauge(a, "memory-buffers", 0.05 * total, t));
        out.add(gauge(a, "memory-cached", 0.25 * total, t));
        out.add(gauge(a, "memory-free", total - used - 0.3 * total, t));
        out.add(gauge(a, "memory-swap-total", 2e9, t));
        out.add(gauge(a, "memory-swap-used", 1e8, t));
        double[] share = {0.2 * wave, 0.01, 0.05 * wave, 0.7 - 0.25 * wave, 0.02, 0.005, 0.01, 0, 0, 0};
        for (int i = 0; i < CPU.length; i++) {
            out.add(derive(a, "cpu-" + CPU[i], c, 60 * 4 * 100 * share[i], t));
        }
        out.add(derive(a, "traffic-eth0-rxbytes", c, 60 * 2e6 * (0.3 + wave), t));
        out.add(derive(a, "traffic-eth0-txbytes", c, 60 * 1e6 * (0.3 + wave), t));
        out.add(gauge(a, "disk-usage-sda1-used", 40_000_000 + elapsed / 10.0, t));
        out.add(gauge(a, "disk-usage-sda1-available", 60_000_000 - elapsed / 10.0, t));
        out.add(derive(a, "disk-io-sda-read-ios", c, 60 * 20 * wave, t));
        out.add(derive(a, "disk-io-sda-write-ios", c, 60 * 50 * wave, t));
        out.add(derive(a, "disk-io-sda-read-sectors", c, 60 * 800 * wave, t));
        out.add(derive(a, "disk-io-sda-write-sectors", c, 60 * 3000 * wave, t));
    }

    private static Sample gauge(String a, String name, double v, long t) {
        return new Sample(a, BASE, MetricKey.of(name + ".gauge"), v, t);
    }

    private static Sample derive(String a, String name, Map<String, Double> counters, double increase, long t) {
        double v = counters.merge(name, Math.floor(increase), Double::sum);
        return new Sample(a, BASE, MetricKey.of(name + ".derive"), v, t);
    }
}
