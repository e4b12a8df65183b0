package io.kurado.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU this process spent in user space and in the kernel, from {@code /proc/self/stat}, in clock ticks. */
final class ProcessTicks {
    private ProcessTicks() {}

    /** @return user and kernel ticks, or zeros where /proc is not there */
    static long[] read() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    /** @return the kernel's share of the CPU spent between two readings, in percent */
    static double kernelShare(long[] before, long[] after) {
        long user = after[0] - before[0];
        long sys = after[1] - before[1];
        return user + sys == 0 ? 0 : 100.0 * sys / (user + sys);
    }
}
