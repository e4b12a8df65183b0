package io.kurado.plugins.jolokia;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurado.api.DataSourceType;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.HttpPage;
import io.kurado.plugins.support.HttpPages;
import io.kurado.plugins.support.Json;
import io.kurado.plugins.support.Net;
import io.kurado.plugins.support.Numbers;
import io.kurado.plugins.support.Samples;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fetches a JVM's figures through a Jolokia agent's REST API ({@code <path>/read/<mbean>/<attributes>}).
 * Roll entry {@code jolokia[:port[:path[:host header]]]}, default {@code jolokia:8778:/jolokia}.
 *
 * <p>Gauges {@code loaded_class}, {@code thread_count}, {@code daemon_thread_count},
 * {@code heap_memory_usage.{max,committed,used}}, {@code non_heap_memory_usage.{…}},
 * {@code memory_pool.{eden,surv,old,perm}.{max,committed,used}}; counters
 * {@code young_gc_count}, {@code young_gc_time}, {@code full_gc_count}, {@code full_gc_time}
 * ({@code .derive}). A pool the JVM does not have (the permanent generation after Java 7) gives no
 * sample. Meta {@code gc} (the collector), {@code uptime}, {@code vm}, {@code args} and
 * {@code memory-pools} (the pools found).
 *
 * @since 0.1
 */
public final class JolokiaFetcher implements MetricsFetcher, AutoCloseable {
    /** The connections and timer of this fetcher's requests, started by the first one. */
    private final HttpPages pages = new HttpPages();
    static final int DEFAULT_PORT = 8778;
    static final String DEFAULT_PATH = "/jolokia";
    /** Meta: the memory pools the JVM has, of {@code eden,surv,old,perm}; the viewer shows only theirs. */
    static final String POOLS_META = "memory-pools";
    private static final Pattern YOUNG = Pattern.compile("name=(?:PS Scavenge|ParNew|G1 Young Generation|Copy)(?:,|$)");
    private static final Pattern FULL = Pattern.compile("name=(?:PS MarkSweep|ConcurrentMarkSweep|G1 Old Generation|MarkSweepCompact)(?:,|$)");
    private static final String[][] POOLS = {
        {"eden", "name=.*Eden Space"}, {"surv", "name=.*Survivor Space"}, {"old", "name=.*(?:Tenured|Old) Gen"}, {"perm", "name=.*Perm Gen"},
    };
    private static final List<String> USAGE = List.of("max", "committed", "used");

    @Override
    public String id() {
        return "jolokia";
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(Duration.ofSeconds(10));
    }

    @Override
    public FetchResult fetch(FetchContext context) throws Exception {
        int port = Args.port(context, 0, DEFAULT_PORT);
        String base = context.argument(1).orElse(DEFAULT_PATH);
        Optional<String> hostHeader = context.argument(2);
        FetchResult.Builder r = context.result();
        long now = context.clock().instant().getEpochSecond();

        JsonNode classes = read(context, port, base, hostHeader, "java.lang:type=ClassLoading/LoadedClassCount");
        Samples.add(r, "loaded_class", DataSourceType.GAUGE, Numbers.of(classes));

        JsonNode threads = read(context, port, base, hostHeader, "java.lang:type=Threading/ThreadCount,DaemonThreadCount");
        Samples.add(r, "thread_count", DataSourceType.GAUGE, Numbers.of(threads.get("ThreadCount")));
        Samples.add(r, "daemon_thread_count", DataSourceType.GAUGE, Numbers.of(threads.get("DaemonThreadCount")));

        JsonNode gcs = read(context, port, base, hostHeader, "java.lang:type=GarbageCollector,name=*/CollectionCount,CollectionTime");
        String gc = "-";
        for (Iterator<Map.Entry<String, JsonNode>> it = gcs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String prefix = YOUNG.matcher(e.getKey()).find() ? "young" : FULL.matcher(e.getKey()).find() ? "full" : null;
            if (prefix != null) {
                Samples.add(r, prefix + "_gc_count", DataSourceType.DERIVE, Numbers.of(e.getValue().get("CollectionCount")));
                Samples.add(r, prefix + "_gc_time", DataSourceType.DERIVE, Numbers.of(e.getValue().get("CollectionTime")));
            }
            if (gc.equals("-")) {
                gc = collector(e.getKey());
            }
        }
        r.meta("gc", gc);

        JsonNode memory = read(context, port, base, hostHeader, "java.lang:type=Memory/HeapMemoryUsage,NonHeapMemoryUsage");
        for (String k : USAGE) {
            usage(r, "heap_memory_usage." + k, memory.path("HeapMemoryUsage").get(k));
            usage(r, "non_heap_memory_usage." + k, memory.path("NonHeapMemoryUsage").get(k));
        }

        JsonNode pools = read(context, port, base, hostHeader, "java.lang:type=MemoryPool,name=*/Type,Usage,MemoryManagerNames");
        List<String> found = new ArrayList<>();
        for (String[] pool : POOLS) {
            Pattern p = Pattern.compile(pool[1]);
            for (Iterator<Map.Entry<String, JsonNode>> it = pools.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (p.matcher(e.getKey()).find()) {
                    found.add(pool[0]);
                    for (String k : USAGE) {
                        usage(r, "memory_pool." + pool[0] + "." + k, e.getValue().path("Usage").get(k));
                    }
                    break;
                }
            }
        }

        r.meta(POOLS_META, String.join(",", found));

        JsonNode runtime = read(context, port, base, hostHeader,
                "java.lang:type=Runtime/StartTime,VmVendor,SystemProperties,InputArguments,VmName");
        Numbers.of(runtime.get("StartTime")).ifPresent(start -> r.meta("uptime", Long.toString(now - (long) (start / 1000))));
        r.meta("vm", String.join(", ", text(runtime.get("VmName")),
                text(runtime.path("SystemProperties").get("java.runtime.version")), text(runtime.get("VmVendor"))));
        JsonNode args = runtime.get("InputArguments");
        if (args != null && args.isArray()) {
            List<String> a = new ArrayList<>();
            args.forEach(x -> a.add(x.asText()));
            r.meta("args", String.join(" ", a));
        } else if (args != null && !args.isNull()) {
            r.meta("args", args.asText());
        }
        return r.build();
    }

    private static void usage(FetchResult.Builder r, String name, JsonNode value) {
        // An undefined maximum is -1 in JMX, and is kept: the graph prints it as it is.
        Samples.add(r, name, DataSourceType.GAUGE, Numbers.of(value));
    }

    private static String collector(String mbean) {
        if (mbean.contains("name=MarkSweep")) {
            return "Serial";
        } else if (mbean.contains("name=PS ")) {
            return "Parallel";
        } else if (mbean.contains("name=ConcurrentMarkSweep")) {
            return "Concurrent Mark & Sweep";
        } else if (mbean.contains("name=G1 ")) {
            return "G1";
        }
        return "-";
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.asText().isEmpty() ? "Unknown" : n.asText();
    }

    private JsonNode read(FetchContext context, int port, String base, Optional<String> hostHeader, String what)
            throws IOException, InterruptedException {
        String path = base.replaceAll("/+$", "") + "/read/" + what.replace(" ", "%20");
        HttpPage page = pages.get(context, port, path, hostHeader);
        String where = "Jolokia at " + Net.where(context.host().address(), port);
        JsonNode doc = Json.parse(page.body(), where);
        int status = doc.path("status").asInt(200);
        if (status != 200 || !doc.has("value")) {
            String error = doc.path("error").asText("no value");
            throw new IOException(where + " could not read " + what + ": " + error);
        }
        return doc.get("value");
    }

    /** Ends the threads of this fetcher's requests. */
    @Override
    public void close() {
        pages.close();
    }
}
