package io.kurado.examples.cli;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.storage.Storage;
import io.kurado.core.Providers;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.web.NioWebServer;
import io.kurado.core.web.KuradoWeb;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kurado bench web}: serves N hosts of {@code base} data from RRD files on a free port and
 * measures the index (its size, its latency alone and 16 at once, the heap used), host pages,
 * drawing a host's graphs cold, and revalidating an unchanged graph.
 */
@Command(
        name = "web",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Measure the web UI: the index, host page HTML, the graphs of a host page drawn cold, and a 304.",
            "H hosts of base data are configured in 10 services of sections of up to 250 hosts (two of them with RRD "
                + "history), the UI is served on 127.0.0.1, and the bench times the index and a section's page one at a time "
                + "and 16 at once (printing their size and the heap used), host page HTML, all graphs of one host page "
                + "drawn cold (6 at a time, as a browser fetches them), and a repeated graph request answered 304."
        })
public final class BenchWebCommand implements Callable<Integer> {
    /** A graph's image on a page; the UI's links are relative ({@code graph?…} or {@code ./graph?…}). */
    private static final Pattern IMG = Pattern.compile("src=\"(?:\\./|/)?(graph\\?[^\"]+)\"");

    @Option(names = "--hosts", defaultValue = "1000", description = "Hosts configured (default ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--dir", paramLabel = "DIR", description = "Data directory (default: a temporary one, deleted afterwards).")
    Optional<Path> dir;

    @Option(names = "--pages", defaultValue = "300", description = "Host page requests timed (default ${DEFAULT-VALUE}).")
    int pages;

    @Option(names = "--history-hours", defaultValue = "36", description = "Hours of history written for the hosts whose graphs are drawn (default ${DEFAULT-VALUE}).")
    int historyHours;

    @Option(names = "--compare", paramLabel = "N", defaultValue = "0", description = "Instead: the comparison page of N hosts "
            + "(/servers), drawn cold by a server running the web role alone in a JVM of its own, beside C rrdtool graph.")
    int compare;

    @Option(names = "--warmup", paramLabel = "H", defaultValue = "100", description = "With --compare: hosts of the first page, "
            + "drawn before the measured one to warm the server's JIT (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--minutes", defaultValue = "30", description = "With --compare: minutes of base data per host (default ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--server-jvm", paramLabel = "OPTION", description = "With --compare: an option of the server's JVM, e.g. "
            + "-XX:StartFlightRecording=filename=web.jfr,dumponexit=true (repeatable).")
    List<String> serverJvm = new ArrayList<>();

    @Option(names = "--serve", hidden = true, description = "Serve the data of --dir for --hosts hosts until standard input ends.")
    boolean serve;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What {@code --serve} prints once it listens, before the port. */
    static final String LISTENING = "LISTENING ";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (serve) {
            return serve(out, dir.orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "--serve needs --dir")));
        }
        if (compare > 0) {
            if (warmup < 1 || minutes < 2) {
                spec.commandLine().getErr().println("--warmup must be at least 1 and --minutes at least 2");
                return 2;
            }
            Path data = dir.orElse(Files.createTempDirectory("kurado-bench-compare"));
            try {
                return new CompareBench(out, data.toAbsolutePath().normalize(), compare, warmup, minutes, serverJvm).run();
            } finally {
                if (dir.isEmpty()) {
                    deleteTree(data);
                }
            }
        }
        if (hosts < 2 || pages < 1 || historyHours < 1) {
            spec.commandLine().getErr().println("--hosts must be at least 2, --pages and --history-hours at least 1");
            return 2;
        }
        Path data = dir.orElse(Files.createTempDirectory("kurado-bench-web"));
        try {
            return run(out, data.toAbsolutePath().normalize());
        } finally {
            if (dir.isEmpty()) {
                deleteTree(data);
            }
        }
    }

    private int run(PrintWriter out, Path data) throws Exception {
        InstantSource clock = InstantSource.system();
        KuradoConfig cfg = config(data, hosts);
        PluginRegistry registry = PluginRegistry.discover(BenchWebCommand.class.getClassLoader());
        try (Storage storage = Providers.storage(cfg, registry, historyClock(clock, historyHours * 3600L)); MetaStore meta = Providers.metaStore(cfg, registry, clock)) {
            long now = clock.instant().getEpochSecond();
            long t0 = System.nanoTime();
            long samples = 0;
            for (int i = 0; i < 2; i++) {
                samples += BaseHistory.write(storage, meta, address(i), now - historyHours * 3600L, now);
            }
            for (int i = 2; i < hosts; i++) {
                BaseHistory.meta(meta, address(i), now);
            }
            out.printf("data: %d hosts configured, %d samples of history written for 2 of them in %d ms (%s)%n", hosts, samples,
                    (System.nanoTime() - t0) / 1_000_000, data);
            out.flush();
            KuradoWeb web = KuradoWeb.builder().config(cfg).registry(registry).metaStore(meta).clock(clock)
                    .storage(storage).build();
            try (NioWebServer server = web.start(new InetSocketAddress("127.0.0.1", 0), 5)) {
                return measure(out, "http://127.0.0.1:" + server.port());
            }
        }
    }

    /**
     * The server of {@code --compare}: the web role alone over the data directory's files, the
     * hosts' meta in memory; prints {@link #LISTENING} and its port, and stops when its standard
     * input ends.
     */
    private int serve(PrintWriter out, Path data) throws Exception {
        InstantSource clock = InstantSource.system();
        KuradoConfig cfg = config(data.toAbsolutePath().normalize(), hosts);
        PluginRegistry registry = PluginRegistry.discover(BenchWebCommand.class.getClassLoader());
        try (Storage storage = Providers.storage(cfg, registry, clock); MetaStore meta = Providers.metaStore(cfg, registry, clock)) {
            long now = clock.instant().getEpochSecond();
            for (int i = 0; i < hosts; i++) {
                BaseHistory.meta(meta, address(i), now);
            }
            KuradoWeb web = KuradoWeb.builder().config(cfg).registry(registry).metaStore(meta).clock(clock).storage(storage).build();
            try (NioWebServer server = web.start(new InetSocketAddress("127.0.0.1", 0), cfg.settings().webWorkers())) {
                out.println(LISTENING + server.port());
                out.flush();
                while (System.in.read() >= 0) {
                    // until the bench closes our standard input
                }
            }
        }
        return 0;
    }

    private int measure(PrintWriter out, String base) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        boolean indexOk = index(out, client, base, "index", "/") & index(out, client, base, "section page", "/?service=service-0&section=1");
        Random random = new Random(42);
        for (int i = 0; i < 100; i++) {
            page(client, base + "/server?address=" + address(random.nextInt(hosts)));
        }
        long[] ms = new long[pages];
        for (int i = 0; i < pages; i++) {
            long t = System.nanoTime();
            page(client, base + "/server?address=" + address(random.nextInt(hosts)));
            ms[i] = System.nanoTime() - t;
        }
        double pageP50 = percentile(ms, 50);
        out.printf("host page HTML: %d requests, p50 %.2f ms, p95 %.2f ms%n", pages, pageP50, percentile(ms, 95));

        List<String> warm = graphUrls(page(client, base + "/server?address=" + address(1)));
        drawAll(client, base, warm);
        List<String> cold = graphUrls(page(client, base + "/server?address=" + address(0)));
        long t = System.nanoTime();
        List<HttpResponse<byte[]>> drawn = drawAll(client, base, cold);
        double coldMs = (System.nanoTime() - t) / 1e6;
        long failed = drawn.stream().filter(r -> r.statusCode() != 200).count();
        out.printf("host graphs cold: %d PNGs (%d failed, %d bytes) in %.1f ms, 6 at a time%n", cold.size(), failed,
                drawn.stream().mapToLong(r -> r.body().length).sum(), coldMs);
        if (failed > 0) {
            HttpResponse<byte[]> bad = drawn.stream().filter(r -> r.statusCode() != 200).findFirst().orElseThrow();
            out.println("first failure: " + bad.statusCode() + " " + new String(bad.body(), java.nio.charset.StandardCharsets.UTF_8));
        }

        String one = base + cold.get(0);
        String etag = drawn.get(0).headers().firstValue("ETag").orElse("\"none\"");
        long[] nm = new long[500];
        int notModified = 0;
        for (int i = 0; i < nm.length; i++) {
            long s = System.nanoTime();
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(one)).header("If-None-Match", etag).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            nm[i] = System.nanoTime() - s;
            notModified += r.statusCode() == 304 ? 1 : 0;
        }
        double nmP50 = percentile(nm, 50);
        out.printf("revalidation: %d requests, %d answered 304, p50 %.2f ms, p95 %.2f ms%n", nm.length, notModified, nmP50, percentile(nm, 95));
        out.printf(java.util.Locale.ROOT, "RESULT web page_p50_ms=%.2f host_graphs_cold_ms=%.1f not_modified_p50_ms=%.2f hosts=%d graphs=%d failed=%d not_modified=%d/%d%n",
                pageP50, coldMs, nmP50, hosts, cold.size(), failed, notModified, nm.length);
        out.flush();
        return indexOk && failed == 0 && notModified == nm.length ? 0 : 1;
    }

    /** Times one page alone and 16 at once, and samples the heap used meanwhile. */
    private static boolean index(PrintWriter out, HttpClient client, String base, String what, String path) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        int size = page(client, base + path).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (int i = 0; i < 50; i++) {
            page(client, base + path);
        }
        long[] alone = new long[200];
        for (int i = 0; i < alone.length; i++) {
            long t = System.nanoTime();
            page(client, base + path);
            alone[i] = System.nanoTime() - t;
        }
        int threads = 16;
        int each = 50;
        long[] together = new long[threads * each];
        AtomicLong peak = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int th = 0; th < threads; th++) {
                int first = th * each;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        long t = System.nanoTime();
                        try {
                            page(client, base + path);
                        } catch (Exception | Error e) {
                            errors.incrementAndGet();
                        }
                        together[first + i] = System.nanoTime() - t;
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long max = Runtime.getRuntime().maxMemory();
        out.printf(java.util.Locale.ROOT, "%s %s: %d bytes; alone p50 %.2f ms, p99 %.2f ms; 16 at once p50 %.2f ms, p99 %.2f ms, "
                        + "%d failed; heap used at most %d MiB of %d MiB%n",
                what, path, size, percentile(alone, 50), percentile(alone, 99), percentile(together, 50), percentile(together, 99),
                errors.get(), peak.get() >> 20, max >> 20);
        out.printf(java.util.Locale.ROOT, "RESULT web-%s bytes=%d p50_ms=%.2f p99_ms=%.2f p50_16_ms=%.2f p99_16_ms=%.2f failed=%d "
                        + "heap_peak_mib=%d heap_max_mib=%d%n",
                what.replace(' ', '-'), size, percentile(alone, 50), percentile(alone, 99), percentile(together, 50),
                percentile(together, 99), errors.get(), peak.get() >> 20, max >> 20);
        out.flush();
        return errors.get() == 0;
    }

    static String page(HttpClient client, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static List<String> graphUrls(String html) {
        List<String> urls = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            urls.add("/" + m.group(1).replace("&amp;", "&"));
        }
        return urls;
    }

    private static List<HttpResponse<byte[]>> drawAll(HttpClient client, String base, List<String> urls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<HttpResponse<byte[]>>> fs = new ArrayList<>();
            for (String u : urls) {
                fs.add(pool.submit(() -> client.send(HttpRequest.newBuilder(URI.create(base + u)).build(), HttpResponse.BodyHandlers.ofByteArray())));
            }
            List<HttpResponse<byte[]>> out = new ArrayList<>();
            for (Future<HttpResponse<byte[]>> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }

    static String address(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }

    static KuradoConfig config(Path data, int hosts) {
        Settings settings = new Settings(Optional.empty(), data, data, List.of(), 5, 1, 1,
                Settings.parseListen("127.0.0.1:0"), Duration.ofSeconds(30), Map.of());
        Roll roll = new Roll("base.yml", data.resolve("base.yml"), Map.of(), List.of(PluginRef.of("base")));
        List<Service> services = new ArrayList<>();
        int perService = Math.max(1, (hosts + 9) / 10);
        for (int s = 0; s * perService < hosts; s++) {
            List<Section> sections = new ArrayList<>();
            String name = "service-" + s;
            int end = Math.min(hosts, (s + 1) * perService);
            for (int from = s * perService; from < end; from += 250) {
                List<HostEntry> list = new ArrayList<>();
                String label = "rack-" + (sections.size() + 1);
                for (int i = from; i < Math.min(end, from + 250); i++) {
                    list.add(new HostEntry(new Host(address(i), "host" + i, "bench host " + i), name, label, roll, Map.of()));
                }
                sections.add(new Section(label, list));
            }
            services.add(new Service(name, sections));
        }
        return new KuradoConfig(data.resolve("bench.yml"), settings, Map.of(), services, Map.of(roll.name(), roll));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Files are created as of the clock's time: create them before the first minute of history. */
    static InstantSource historyClock(InstantSource clock, long historySeconds) {
        return InstantSource.fixed(clock.instant().minusSeconds(historySeconds + 120));
    }
}
