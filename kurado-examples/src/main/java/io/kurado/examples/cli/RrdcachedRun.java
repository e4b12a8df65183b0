package io.kurado.examples.cli;

import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private C {@code rrdcached} for comparison: started on a socket, journal and base directory of
 * its own with the write policy Kurado's storage has (write a file after ten minutes of samples,
 * flush dead data after twenty, two write threads), fed over its socket by one client writing big
 * {@code BATCH} blocks of {@code UPDATE}s, and stopped at the end. Its CPU is read from
 * {@code /proc/<pid>/stat}; the client's is the CPU of the threads that call {@link #send}.
 */
final class RrdcachedRun implements Closeable {
    private static final long TICKS_PER_SECOND = 100;

    private final Process process;
    private final SocketChannel socket;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long clientNanos;

    private RrdcachedRun(Process process, SocketChannel socket) {
        this.process = process;
        this.socket = socket;
    }

    /**
     * Starts {@code rrdcached} in the foreground on a socket in {@code work}.
     *
     * @param binary the rrdcached to run
     * @param base the directory of the files (-b, -B)
     * @param work where its socket, journal, pid file and log go
     * @param extra further options (such as {@code -w 600 -f 1200 -t 2})
     */
    static RrdcachedRun start(String binary, Path base, Path work, List<String> extra) throws IOException, InterruptedException {
        return start(binary, base, work, extra, 30);
    }

    /**
     * @param waitSeconds how long it is given to listen (it replays its journal first)
     * @see #start(String, Path, Path, List)
     */
    static RrdcachedRun start(String binary, Path base, Path work, List<String> extra, int waitSeconds)
            throws IOException, InterruptedException {
        Path journal = Files.createDirectories(work.resolve("journal"));
        Path sock = work.resolve("rrdcached.sock");
        List<String> cmd = new ArrayList<>(List.of(binary, "-g", "-p", work.resolve("rrdcached.pid").toString(),
                "-j", journal.toString(), "-B", "-F", "-b", base.toString(), "-l", "unix:" + sock));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("rrdcached.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("rrdcached exited with " + p.exitValue() + ": " + Files.readString(work.resolve("rrdcached.log")).strip());
            }
            if (Files.exists(sock)) {
                try {
                    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.connect(UnixDomainSocketAddress.of(sock));
                    return new RrdcachedRun(p, ch);
                } catch (IOException e) {
                    // not listening yet
                }
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("rrdcached did not listen on " + sock + " within " + waitSeconds + " s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** @return the daemon's process id */
    long pid() {
        return process.pid();
    }

    /** @return the CPU the daemon has spent so far, user and kernel, in seconds */
    double daemonCpuSeconds() throws IOException {
        return ticks(process.pid()) / (double) TICKS_PER_SECOND;
    }

    /** @return the CPU the calling threads spent in {@link #send} and {@link #stats} so far, in seconds */
    double clientCpuSeconds() {
        return clientNanos / 1e9;
    }

    /** @return user plus kernel ticks of a process, from /proc */
    static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * Sends the lines as one BATCH and reads its answer.
     *
     * @param lines commands, each ending in a newline
     * @return the number of commands that failed
     */
    int batch(CharSequence lines) throws IOException {
        long c0 = threads.getCurrentThreadCpuTime();
        try {
            write("BATCH\n");
            String go = readLine();
            if (!go.startsWith("0 ")) {
                throw new IOException("rrdcached refused BATCH: " + go);
            }
            write(lines);
            write(".\n");
            String answer = readLine();
            int errors = Integer.parseInt(answer.substring(0, answer.indexOf(' ')));
            for (int i = 0; i < errors; i++) {
                String line = readLine();
                if (i == 0) {
                    System.err.println("rrdcached: " + line);
                }
            }
            return errors;
        } finally {
            clientNanos += threads.getCurrentThreadCpuTime() - c0;
        }
    }

    /**
     * Asks the daemon to write a file's values now (FLUSH), and waits for it.
     *
     * @param file the file, as the updates named it
     */
    void flush(String file) throws IOException {
        write("FLUSH " + file + "\n");
        readLine(); // "0 Successfully flushed …", or an error when it held nothing for the file
    }

    /** Kills the daemon as {@code kill -9} does: its journal stays as it is. */
    void kill() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        socket.close();
    }

    /** Asks the daemon to queue every file for writing (FLUSHALL). */
    void flushAll() throws IOException {
        command("FLUSHALL\n");
    }

    /** @return the daemon's STATS */
    Map<String, Long> stats() throws IOException {
        long c0 = threads.getCurrentThreadCpuTime();
        try {
            String head = command("STATS\n");
            int n = Integer.parseInt(head.substring(0, head.indexOf(' ')));
            Map<String, Long> out = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String line = readLine();
                int colon = line.indexOf(':');
                out.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).strip()));
            }
            return out;
        } finally {
            clientNanos += threads.getCurrentThreadCpuTime() - c0;
        }
    }

    /** Waits until the daemon has written {@code values} values into files in all and its queue is empty. */
    void awaitWritten(long values) throws IOException, InterruptedException {
        long lastProgress = System.nanoTime();
        long seen = -1;
        while (true) {
            Map<String, Long> s = stats();
            long written = s.getOrDefault("DataSetsWritten", 0L);
            if (written >= values && s.getOrDefault("QueueLength", 1L) == 0) {
                return;
            }
            if (written != seen) {
                seen = written;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(120)) {
                throw new IOException("rrdcached wrote no value for 120 s: " + written + " of " + values + " written, " + s);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private String command(String line) throws IOException {
        write(line);
        String answer = readLine();
        if (answer.startsWith("-")) {
            throw new IOException("rrdcached: " + answer);
        }
        return answer;
    }

    private void write(CharSequence s) throws IOException {
        ByteBuffer b = StandardCharsets.US_ASCII.encode(java.nio.CharBuffer.wrap(s));
        while (b.hasRemaining()) {
            socket.write(b);
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            in.flip();
            while (in.hasRemaining()) {
                byte c = in.get();
                if (c == '\n') {
                    in.compact();
                    return sb.toString();
                }
                sb.append((char) c);
            }
            in.clear();
            if (socket.read(in) < 0) {
                throw new IOException("rrdcached closed the connection");
            }
        }
    }

    /** Stops the daemon (SIGTERM; with -F it writes what it holds first) and waits up to 10 minutes for it. */
    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(600, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
