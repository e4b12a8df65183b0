package io.kurado.examples.cli;

import io.kurado.plugins.base.BaseCollector;
import io.kurado.plugins.base.SystemRoot;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kurado bench agent}: the CPU time of one collection of this machine's base metrics. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Measure the CPU time the agent spends on one collection of this machine's base metrics.")
public final class BenchAgentCommand implements Callable<Integer> {
    @Option(names = "--collections", defaultValue = "200", description = "Measured collections (default ${DEFAULT-VALUE}).")
    int collections;

    @Option(names = "--root", defaultValue = "/", hidden = true, description = "Read /proc and /sys under this directory.")
    Path root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (collections < 1) {
            spec.commandLine().getErr().println("--collections must be at least 1");
            return 2;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        BaseCollector collector = BaseCollector.of(new SystemRoot(root), InstantSource.system());
        int lines = 0;
        for (int i = 0; i < 100; i++) {
            lines = collector.collect("127.0.0.1").split("\n").length;
        }
        long[] cpu = new long[collections];
        for (int i = 0; i < collections; i++) {
            long t0 = threads.getCurrentThreadCpuTime();
            collector.collect("127.0.0.1");
            cpu[i] = threads.getCurrentThreadCpuTime() - t0;
        }
        Arrays.sort(cpu);
        double mean = Arrays.stream(cpu).average().orElse(0) / 1e6;
        double p50 = cpu[collections / 2] / 1e6;
        double p95 = cpu[Math.min(collections - 1, collections * 95 / 100)] / 1e6;
        out.printf(Locale.ROOT, "bench agent: %d collections of %d lines after 100 warm-up ones; CPU per collection"
                + " mean %.2f ms, p50 %.2f ms, p95 %.2f ms, max %.2f ms%n", collections, lines, mean, p50, p95,
                cpu[collections - 1] / 1e6);
        out.printf(Locale.ROOT, "RESULT agent cpu_ms_per_collection=%.2f p95_ms=%.2f lines=%d%n", mean, p95, lines);
        out.flush();
        return 0;
    }
}
