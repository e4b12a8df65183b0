package io.kurado.examples.cli;

import io.kurado.api.Host;
import io.kurado.api.Meta;
import io.kurado.api.Sample;
import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.core.plugin.PluginRegistry;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * C {@code rrdtool graph} beside our renderer: the base view's graphs of one host, as the comparison
 * page draws them (day term, 420 pixels wide), with the original's arguments, drawn by one
 * {@code rrdtool -} process (no start-up per graph) from rrdtool files holding the samples our
 * files hold.
 */
final class RrdtoolGraphs {
    private static final Pattern TAG = Pattern.compile("<%RRD(?:_FOR)?\\s+(\\S+)\\s*%>");
    /** Rounds of the host's graphs timed, after one untimed round. */
    private static final int ROUNDS = 25;

    private final PrintWriter out;
    private final Path dir;
    private final String address;
    private final String hostname;
    private final long from;
    private final long now;

    /**
     * The figures.
     *
     * @param graphs graphs timed
     * @param cpuMs the CPU rrdtool spent on them
     * @param wallMs the time they took
     * @param skipped why nothing was timed, empty when timed
     */
    record Result(int graphs, double cpuMs, double wallMs, String skipped) {
        boolean ran() {
            return skipped.isEmpty();
        }

        double cpuMsPerGraph() {
            return cpuMs / graphs;
        }

        double wallMsPerGraph() {
            return wallMs / graphs;
        }
    }

    /**
     * @param out where figures go
     * @param dir where the rrdtool files and images go
     * @param address the host whose samples and graphs are drawn
     * @param hostname its name, in the graphs' titles
     * @param from the first minute of its samples
     * @param now their last minute, the end of the graphs
     */
    RrdtoolGraphs(PrintWriter out, Path dir, String address, String hostname, long from, long now) {
        this.out = out;
        this.dir = dir;
        this.address = address;
        this.hostname = hostname;
        this.from = from;
        this.now = now;
    }

    Result run() throws Exception {
        Optional<Path> rrdtool = onPath("rrdtool");
        if (rrdtool.isEmpty()) {
            out.println("rrdtool: not found on the PATH (Debian: apt-get install rrdtool); the side-by-side is skipped");
            return new Result(0, 0, 0, "rrdtool not found");
        }
        Path files = dir.resolve(address).resolve("base");
        Files.createDirectories(files);
        Process p = new ProcessBuilder(rrdtool.get().toString(), "-").redirectErrorStream(true).start();
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            Map<String, List<Sample>> byKey = new LinkedHashMap<>();
            for (Sample s : BaseHistory.samples(address, from, now)) {
                byKey.computeIfAbsent(s.key().toString(), k -> new ArrayList<>()).add(s);
            }
            for (Map.Entry<String, List<Sample>> e : byKey.entrySet()) {
                String file = files.resolve(e.getKey() + ".rrd").toString();
                String type = e.getValue().get(0).key().type().name();
                command(w, r, List.of("create", file, "--start", Long.toString(from - from % 60 - 120), "--step", "60",
                        "DS:n:" + type + ":120:U:U",
                        "RRA:AVERAGE:0.5:1:2880", "RRA:AVERAGE:0.5:5:2880", "RRA:AVERAGE:0.5:60:960", "RRA:AVERAGE:0.5:1440:1100",
                        "RRA:MIN:0.5:1:2880", "RRA:MIN:0.5:5:2880", "RRA:MIN:0.5:60:960", "RRA:MIN:0.5:1440:1100",
                        "RRA:MAX:0.5:1:2880", "RRA:MAX:0.5:5:2880", "RRA:MAX:0.5:60:960", "RRA:MAX:0.5:1440:1100"));
                List<String> update = new ArrayList<>(List.of("update", file));
                for (Sample s : e.getValue()) {
                    update.add(s.timestamp() + ":" + (long) s.value());
                }
                command(w, r, update);
            }
            List<List<String>> graphs = graphs(files);
            for (List<String> g : graphs) {
                command(w, r, g);
            }
            long cpu0 = cpuNanos(p);
            long t0 = System.nanoTime();
            for (int i = 0; i < ROUNDS; i++) {
                for (List<String> g : graphs) {
                    command(w, r, g);
                }
            }
            double wall = (System.nanoTime() - t0) / 1e6;
            double cpu = (cpuNanos(p) - cpu0) / 1e6;
            int n = ROUNDS * graphs.size();
            out.printf(Locale.ROOT, "rrdtool graph (%s, one process): %d graphs of %s (%d definitions of the base view, day, 420 px) "
                            + "in %.0f ms, CPU %.0f ms = %.2f ms per graph; images in %s%n",
                    rrdtool.get(), n, address, graphs.size(), wall, cpu, cpu / n, dir);
            out.flush();
            return new Result(n, cpu, wall, "");
        } finally {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroy();
            }
        }
    }

    /** @return the base view's graphs of the host as {@code rrdtool graph} commands, with the original's arguments */
    private List<List<String>> graphs(Path files) {
        PluginRegistry registry = PluginRegistry.discover(RrdtoolGraphs.class.getClassLoader());
        MetricsViewer viewer = registry.viewer("base").orElseThrow(() -> new IllegalStateException("no base viewer is installed"));
        Map<String, String> meta = new LinkedHashMap<>();
        for (Meta m : BaseHistory.metaOf(address, now)) {
            meta.put(m.key(), m.value());
        }
        Host host = new Host(address, hostname, "");
        ViewContext ctx = new ViewContext(host, BaseHistory.BASE, Map.of(), meta);
        List<List<String>> out = new ArrayList<>();
        for (GraphGroup group : viewer.list(ctx)) {
            for (String name : group.graphs()) {
                String text = viewer.graph(ctx, name).orElseThrow();
                List<String> lines = new ArrayList<>(text.lines().filter(l -> !l.isBlank()).toList());
                String label = lines.get(0).startsWith("DEF:") || lines.get(0).startsWith("CDEF:") ? "base" : lines.remove(0);
                List<String> cmd = new ArrayList<>(List.of("graph", dir.resolve(name + ".png").toString(), "-w", "420", "-h", "100",
                        "-l", "0", "-u", "2", "-x", "HOUR:2:HOUR:4:HOUR:4:0:%H:%M",
                        "-s", Long.toString(now - Duration.ofHours(33).toSeconds()), "-e", Long.toString(now), "-v", label,
                        "--disable-rrdtool-tag", "--border", "1",
                        "--color", "BACK#F3F3F3", "--color", "CANVAS#FFFFFF", "--color", "GRID#8F8F8F", "--color", "MGRID#666666",
                        "--color", "FONT#222222", "--color", "FRAME#222222", "--color", "AXIS#111111", "--color", "SHADEA#DDDDDD",
                        "--color", "SHADEB#DDDDDD", "--color", "ARROW#F89407", "-t", "Day " + host.hostname(),
                        "--font-render-mode", "light", "--font", "TITLE:8:", "--font", "AXIS:8:", "--font", "LEGEND:8:"));
                for (String l : lines) {
                    Matcher m = TAG.matcher(l);
                    cmd.add(m.replaceAll(x -> Matcher.quoteReplacement(files.resolve(x.group(1) + ".rrd").toString())));
                }
                out.add(cmd);
            }
        }
        return out;
    }

    /** Sends one command to {@code rrdtool -} and waits for its {@code OK}. */
    private static void command(BufferedWriter w, BufferedReader r, List<String> args) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            sb.append(sb.length() == 0 ? "" : " ").append(a.indexOf('\'') < 0 ? "'" + a + "'" : "\"" + a + "\"");
        }
        w.write(sb.append('\n').toString());
        w.flush();
        List<String> said = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) {
            if (line.startsWith("OK ")) {
                return;
            }
            if (line.startsWith("ERROR")) {
                throw new IOException("rrdtool " + args.get(0) + ": " + line);
            }
            said.add(line);
        }
        throw new IOException("rrdtool ended: " + String.join(" / ", said));
    }

    private static long cpuNanos(Process p) {
        return p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static Optional<Path> onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
