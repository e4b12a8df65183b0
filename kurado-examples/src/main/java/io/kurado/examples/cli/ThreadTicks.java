package io.kurado.examples.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU the JIT compiler threads of this process have spent, from {@code /proc/self/task}, in clock ticks. */
final class ThreadTicks {
    private ThreadTicks() {}

    /**
     * @return user plus kernel ticks of this process's threads by kind: the storage's writers, the JIT
     *     compilers, the garbage collector and the rest (empty where /proc is not there)
     */
    static java.util.Map<String, Long> byKind() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    String kind = comm.startsWith("kurado-rrd-wri") ? "writers" : comm.contains("CompilerThre") ? "jit"
                            : comm.startsWith("GC ") || comm.startsWith("G1 ") ? "gc" : "other";
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(kind, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** @return what each kind of thread spent between two readings of {@link #byKind}, in microseconds per item */
    static String perItem(java.util.Map<String, Long> before, java.util.Map<String, Long> after, long items) {
        StringBuilder sb = new StringBuilder();
        for (var e : after.entrySet()) {
            long ticks = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.1f", ticks * 1e4 / items));
        }
        return sb.toString();
    }

    /** @return user plus kernel ticks of the threads named like the JIT compilers, or 0 where /proc is not there */
    static long compilers() {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    if (!comm.contains("CompilerThre")) {
                        continue;
                    }
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }
}
