package io.kurado.examples.cli;

import io.kurado.api.meta.MetaStore;
import io.kurado.api.storage.Storage;
import io.kurado.core.Providers;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.web.Terms;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code kurado bench web --compare N}: the comparison page of N hosts drawn cold, as a browser
 * fetches it, by a server running the web role alone in a process of its own, whose CPU is read
 * from the kernel. Base data for the hosts is written first; a first page of other hosts warms the
 * server's JIT; then N fresh hosts are measured, their graphs again from the server's cache, and one
 * fresh host's page. Ends with C {@code rrdtool graph} drawing the same definitions over the same
 * samples ({@link RrdtoolGraphs}), when rrdtool is installed.
 */
final class CompareBench {
    /** The most rounds of warming up after the first page. */
    private static final int WARMUP_ROUNDS = 8;

    /** Fresh hosts whose pages are drawn, one after the other; the median is reported. */
    private static final int HOST_PAGES = 5;

    /** Connections a browser opens to one server. */
    private static final int BROWSER_CONNECTIONS = 6;

    private final PrintWriter out;
    private final Path data;
    private final int compared;
    private final int warmup;
    private final int minutes;
    private final List<String> serverJvm;
    private BrowserConnections browser;

    /**
     * @param out where figures go
     * @param data the data directory
     * @param compared hosts on the measured page
     * @param warmup hosts on the page drawn first, to warm the server's JIT
     * @param minutes minutes of base data per host
     * @param serverJvm options of the server's JVM
     */
    CompareBench(PrintWriter out, Path data, int compared, int warmup, int minutes, List<String> serverJvm) {
        this.out = out;
        this.data = data;
        this.compared = compared;
        this.warmup = warmup;
        this.minutes = minutes;
        this.serverJvm = List.copyOf(serverJvm);
    }

    /** @return the hosts configured: the warm-up page, the measured page and the host pages */
    int hosts() {
        return warmup + compared + HOST_PAGES;
    }

    int run() throws Exception {
        long now = InstantSource.system().instant().getEpochSecond();
        long from = now - minutes * 60L;
        writeData(from, now);
        Process server = startServer();
        try {
            int port = port(server);
            String base = "http://127.0.0.1:" + port;
            browser = new BrowserConnections(new InetSocketAddress("127.0.0.1", port), BROWSER_CONNECTIONS);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Phase first = comparePage(client, base, server, 0, warmup);
            report("first page, JIT cold", warmup, first);
            warmUp(client, base, server, comparePath(0, warmup), first.urls);
            Map<String, Long> threads0 = threadTicks(server);
            long[] process0 = ProcessTicks.read();
            out.println("measuring from " + java.time.Instant.now() + " (to find the phase in a profile of the server)");
            Phase cold = comparePage(client, base, server, warmup, compared);
            report("compare page, JIT warm", compared, cold);
            out.println("measured until " + java.time.Instant.now());
            Map<String, Long> threads1 = threadTicks(server);
            long[] process1 = ProcessTicks.read();
            out.println("  the server's CPU by thread, clock ticks: " + difference(threads0, threads1)
                    + "; this process (the browser) " + (process1[0] + process1[1] - process0[0] - process0[1]));
            // clock ticks are hundredths of a second on Linux
            double drawMs = 10.0 * (threads1.getOrDefault("graphs", 0L) - threads0.getOrDefault("graphs", 0L)) / Math.max(1, cold.urls.size());
            double jitShare = 100.0 * (threads1.getOrDefault("jit", 0L) - threads0.getOrDefault("jit", 0L))
                    / Math.max(1, threads1.values().stream().mapToLong(Long::longValue).sum() - threads0.values().stream().mapToLong(Long::longValue).sum());
            Phase cached = drawAgain(client, base, server, cold.urls);
            out.printf(Locale.ROOT, "the same %d graphs again, from the server's cache: %.1f ms, server CPU %.2f ms per graph%n",
                    cached.urls.size(), cached.wallMs, cached.cpuMsPerGraph());
            for (int i = 0; i < Math.min(5, warmup); i++) {
                hostPage(client, base, server, BenchWebCommand.address(i)); // warms the host page's terms and width
            }
            List<Phase> pages = new ArrayList<>();
            for (int i = 0; i < HOST_PAGES; i++) {
                String address = BenchWebCommand.address(warmup + compared + i);
                Phase p = hostPage(client, base, server, address);
                out.printf(Locale.ROOT, "host page %s: HTML %.1f ms, %d bytes; its %d graphs cold in %.1f ms, server CPU %.0f ms (%.2f ms per graph)%n",
                        address, p.htmlMs, p.htmlBytes, p.urls.size(), p.wallMs, p.cpuMs, p.cpuMsPerGraph());
                pages.add(p);
            }
            pages.sort(java.util.Comparator.comparingDouble(p -> p.wallMs));
            Phase host = pages.get(HOST_PAGES / 2);
            out.printf(Locale.ROOT, "RESULT web-compare hosts=%d html_ms=%.1f html_bytes=%d graphs=%d failed=%d graphs_cold_ms=%.1f "
                            + "cpu_ms_per_graph=%.2f graph_threads_cpu_ms_per_graph=%.2f jit_percent=%.0f first_hosts=%d first_graphs_cold_ms=%.1f first_cpu_ms_per_graph=%.2f "
                            + "cached_cpu_ms_per_graph=%.2f host_graphs=%d host_graphs_cold_ms=%.1f host_cpu_ms=%.1f bytes_per_graph=%d load=%s%n",
                    compared, cold.htmlMs, cold.htmlBytes, cold.urls.size(), cold.failed + first.failed + cached.failed + pages.stream().mapToInt(p -> p.failed).sum(),
                    cold.wallMs, cold.cpuMsPerGraph(), drawMs, jitShare, warmup, first.wallMs, first.cpuMsPerGraph(), cached.cpuMsPerGraph(),
                    host.urls.size(), host.wallMs, host.cpuMs, cold.urls.isEmpty() ? 0 : cold.bytes / cold.urls.size(), load());
            out.flush();
            RrdtoolGraphs.Result rrdtool = new RrdtoolGraphs(out, data.resolve("rrdtool"), BenchWebCommand.address(warmup + compared),
                    "host" + (warmup + compared), from, now).run();
            int failed = cold.failed + first.failed + cached.failed + pages.stream().mapToInt(p -> p.failed).sum();
            if (rrdtool.ran()) {
                out.printf(Locale.ROOT, "RESULT web-rrdtool graphs=%d rrdtool_cpu_ms_per_graph=%.2f rrdtool_wall_ms_per_graph=%.2f "
                                + "ours_cpu_ms_per_graph=%.2f ratio=%.2f%n",
                        rrdtool.graphs(), rrdtool.cpuMsPerGraph(), rrdtool.wallMsPerGraph(), cold.cpuMsPerGraph(),
                        rrdtool.cpuMsPerGraph() / cold.cpuMsPerGraph());
            } else {
                out.println("RESULT web-rrdtool skipped=" + rrdtool.skipped().replace(' ', '_'));
            }
            out.flush();
            return failed == 0 ? 0 : 1;
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroy();
            }
        }
    }

    /**
     * Asks for the first page again and draws its graphs again at other widths (so none comes from
     * the cache) until the server's JIT compilers take less than a tenth of its CPU, or
     * {@link #WARMUP_ROUNDS} times. The page is part of the round because the compiled code serves
     * both: a first page of many hosts among graphs alone undoes some of what was compiled for
     * them, which then is compiled again.
     */
    private void warmUp(HttpClient client, String base, Process server, String page, List<String> urls) throws Exception {
        for (int round = 1; round <= WARMUP_ROUNDS; round++) {
            String width = "width=" + (Terms.COMPARE_WIDTH + round);
            List<String> again = urls.stream().map(u -> u.replace("width=" + Terms.COMPARE_WIDTH, width)).toList();
            Map<String, Long> t0 = threadTicks(server);
            BenchWebCommand.page(client, base + page);
            Phase p = draw(client, base, server, again);
            Map<String, Long> t1 = threadTicks(server);
            long jit = t1.getOrDefault("jit", 0L) - t0.getOrDefault("jit", 0L);
            long all = t1.values().stream().mapToLong(Long::longValue).sum() - t0.values().stream().mapToLong(Long::longValue).sum();
            out.printf(Locale.ROOT, "warm-up round %d: the first page's %d graphs at %s: %.1f ms, server CPU %.2f ms per graph, "
                    + "%d%% of it compiling%n", round, p.urls.size(), width, p.wallMs, p.cpuMsPerGraph(), all == 0 ? 0 : 100 * jit / all);
            out.flush();
            if (jit * 10 < all) {
                return;
            }
        }
    }

    private void report(String what, int hosts, Phase p) {
        out.printf(Locale.ROOT, "%s: %d hosts, HTML %.1f ms, %d bytes; %d graphs (%d failed, %d bytes) cold in %.1f ms, "
                        + "%d at a time; server CPU %.0f ms = %.2f ms per graph (load %s)%n",
                what, hosts, p.htmlMs, p.htmlBytes, p.urls.size(), p.failed, p.bytes, p.wallMs, BROWSER_CONNECTIONS, p.cpuMs,
                p.cpuMsPerGraph(), load());
        out.flush();
    }

    /** Writes {@link #minutes} of base data for every host, then closes the storage so the server finds it. */
    private void writeData(long from, long now) throws Exception {
        KuradoConfig cfg = BenchWebCommand.config(data, hosts());
        PluginRegistry registry = PluginRegistry.discover(CompareBench.class.getClassLoader());
        InstantSource clock = InstantSource.system();
        long t0 = System.nanoTime();
        long samples = 0;
        try (Storage storage = Providers.storage(cfg, registry, BenchWebCommand.historyClock(clock, minutes * 60L));
                MetaStore meta = Providers.metaStore(cfg, registry, clock)) {
            for (int i = 0; i < hosts(); i++) {
                samples += BaseHistory.write(storage, meta, BenchWebCommand.address(i), from, now);
            }
        }
        out.printf("data: %d hosts, %d minutes of base data each, %d samples written in %d ms (%s)%n", hosts(), minutes, samples,
                (System.nanoTime() - t0) / 1_000_000, data);
        out.flush();
    }

    /** Starts this program's {@code bench web --serve} in a JVM of its own. */
    private Process startServer() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(serverJvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KuradoCommand.class.getName());
        cmd.addAll(List.of("bench", "web", "--serve", "--dir", data.toString(), "--hosts", Integer.toString(hosts())));
        out.println("server: " + String.join(" ", cmd.subList(0, 1 + serverJvm.size())) + " … bench web --serve");
        out.flush();
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Reads the port the server prints, then passes on the rest of what it prints. */
    private int port(Process server) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(BenchWebCommand.LISTENING) && !port.isDone()) {
                        port.complete(Integer.parseInt(line.substring(BenchWebCommand.LISTENING.length()).strip()));
                    } else {
                        out.println("server: " + line);
                        out.flush();
                    }
                }
                port.completeExceptionally(new IOException("the server ended before it listened"));
            } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
            }
        }, "bench-server-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(5, TimeUnit.MINUTES);
    }

    private Phase comparePage(HttpClient client, String base, Process server, int first, int count) throws Exception {
        return page(client, base, server, comparePath(first, count));
    }

    /** @return the path of the comparison page of {@code count} hosts from the {@code first} */
    private static String comparePath(int first, int count) {
        StringBuilder q = new StringBuilder("/servers?");
        for (int i = first; i < first + count; i++) {
            q.append(i == first ? "" : "&").append("address=").append(BenchWebCommand.address(i));
        }
        return q.toString();
    }

    private Phase hostPage(HttpClient client, String base, Process server, String address) throws Exception {
        return page(client, base, server, "/server?address=" + address);
    }

    /** Fetches a page's HTML, then all its graphs, as a browser does. */
    private Phase page(HttpClient client, String base, Process server, String path) throws Exception {
        long t = System.nanoTime();
        String html = BenchWebCommand.page(client, base + path);
        double htmlMs = (System.nanoTime() - t) / 1e6;
        Phase p = draw(client, base, server, BenchWebCommand.graphUrls(html));
        p.htmlMs = htmlMs;
        p.htmlBytes = html.getBytes(StandardCharsets.UTF_8).length;
        return p;
    }

    private Phase drawAgain(HttpClient client, String base, Process server, List<String> urls) throws Exception {
        return draw(client, base, server, urls);
    }

    private Phase draw(HttpClient client, String base, Process server, List<String> urls) throws Exception {
        Phase p = new Phase(urls);
        long cpu0 = cpuNanos(server);
        long t = System.nanoTime();
        for (BrowserConnections.Answer a : browser.fetchAll(urls)) {
            if (a.status() != 200 && p.failed++ == 0) {
                System.err.println("first failure: " + a.status() + " " + new String(a.body(), StandardCharsets.UTF_8));
            }
            p.bytes += a.body().length;
        }
        p.wallMs = (System.nanoTime() - t) / 1e6;
        p.cpuMs = (cpuNanos(server) - cpu0) / 1e6;
        return p;
    }

    /** @return the CPU the process has spent, user and kernel, as the kernel counts it */
    private static long cpuNanos(Process p) {
        return p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /**
     * @return the CPU the process's threads have spent, user and kernel, in clock ticks, by kind:
     *     graphs, web (pages and the socket loop), gc, jit, other; empty where /proc is not there
     */
    static Map<String, Long> threadTicks(Process p) {
        Map<String, Long> out = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(p.pid()), "task"))) {
            for (Path t : tasks) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String kind = comm.startsWith("kurado-graph") ? "graphs" : comm.startsWith("kurado-web") ? "web"
                            : comm.startsWith("GC") || comm.startsWith("G1") || comm.startsWith("VM Thread") ? "gc"
                            : comm.contains("CompilerThre") ? "jit" : "other";
                    out.merge(kind, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    private static String difference(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder sb = new StringBuilder();
        after.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v - before.getOrDefault(k, 0L)));
        return sb.toString();
    }

    /** @return the load averages of the machine, as {@code uptime} prints them */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The figures of one batch of requests. */
    private static final class Phase {
        final List<String> urls;
        double htmlMs;
        long htmlBytes;
        double wallMs;
        double cpuMs;
        long bytes;
        int failed;

        Phase(List<String> urls) {
            this.urls = urls;
        }

        double cpuMsPerGraph() {
            return urls.isEmpty() ? 0 : cpuMs / urls.size();
        }
    }
}
