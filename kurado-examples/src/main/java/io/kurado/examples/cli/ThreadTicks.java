package io.kurado.examples.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU the JIT compiler threads of this process have spent, from {@code /proc/self/task}, in clock ticks. */
final class ThreadTicks {
    private ThreadTicks() {}

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
