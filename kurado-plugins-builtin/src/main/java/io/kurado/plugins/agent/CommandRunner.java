package io.kurado.plugins.agent;

import io.kurado.api.PluginRef;
import io.kurado.api.Warning;
import io.kurado.api.line.DecodedBatch;
import io.kurado.api.line.LineCodec;
import io.kurado.api.line.PluginOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent's command plugins and turns their output into lines.
 *
 * <p>All commands of a collection start together ({@code /bin/sh -c <command>}) and each is given
 * its own timeout, so a hanging plugin delays nobody else. The output of a plugin that exits with
 * status 0 is normalised as the seed README documents ({@code metrics.} in front of keys without
 * a kind, {@code .gauge} after metric keys without a type, the plugin name as the first key
 * segment, the collection time for a missing timestamp); lines the updater would reject are left
 * out and logged. A plugin that cannot start, exits with another status or runs out of time
 * gives exactly one line {@code <name>.warn.command} saying why, and nothing else.
 *
 * <p>Output goes to files in a private temporary directory rather than pipes, so that a command
 * that leaves a background process behind cannot block the agent. At most 1 MiB of a plugin's
 * output is read.
 *
 * <p>{@link #stop()} kills the commands running, with the processes they started, so that an agent
 * asked to stop does not wait for a slow plugin nor leave it behind.
 *
 * @since 0.1
 */
public final class CommandRunner implements AutoCloseable {
    /** The most output read from one plugin, in bytes. */
    public static final int MAX_OUTPUT = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final String STOPPED = "stopped: the agent is shutting down";

    private final String shell;
    private final Path workDir;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /** Creates a runner using {@code /bin/sh}. */
    public CommandRunner() {
        this("/bin/sh");
    }

    /**
     * @param shell the shell that runs the commands with {@code -c}
     */
    public CommandRunner(String shell) {
        this.shell = Objects.requireNonNull(shell, "shell");
        try {
            this.workDir = Files.createTempDirectory("kurado-agent-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for plugin output", e);
        }
    }

    /**
     * Runs plugins and waits for them.
     *
     * @param plugins the plugins
     * @param address the first column of every line
     * @param now the collection time in epoch seconds, for lines without a timestamp and for
     *     warnings
     * @return the lines of all plugins, in the order of the plugins, each followed by a newline
     */
    public String run(List<CommandPlugin> plugins, String address, long now) {
        List<Running> running = new ArrayList<>(plugins.size());
        for (int i = 0; i < plugins.size(); i++) {
            running.add(start(plugins.get(i), i));
        }
        StringBuilder out = new StringBuilder();
        for (Running r : running) {
            out.append(finish(r, address, now));
        }
        return out.toString();
    }

    private Running start(CommandPlugin plugin, int index) {
        Path stdout = workDir.resolve(index + ".out");
        Path stderr = workDir.resolve(index + ".err");
        ProcessBuilder pb = new ProcessBuilder(shell, "-c", plugin.command())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        long deadline = System.nanoTime() + plugin.timeout().toNanos();
        if (stopped) {
            return new Running(plugin, null, stdout, stderr, deadline, STOPPED);
        }
        try {
            Process p = pb.start();
            running.add(p);
            if (stopped) {
                kill(p); // stop() ran between the check and the start
            }
            return new Running(plugin, p, stdout, stderr, deadline, null);
        } catch (IOException | RuntimeException e) {
            return new Running(plugin, null, stdout, stderr, deadline, "cannot start " + shell + ": " + e.getMessage());
        }
    }

    private String finish(Running r, String address, long now) {
        String name = r.plugin().name();
        String failure = r.startFailure();
        if (failure == null) {
            failure = await(r);
        }
        if (failure != null) {
            String reason = "failed to exec plugin:" + name + ": " + failure;
            LOG.warn("{} ({})", reason, r.plugin().source());
            return LineCodec.encode(new Warning(address, PluginRef.of(name), "command", reason, now)) + '\n';
        }
        String stderr = read(r.stderr(), 4096).strip();
        if (!stderr.isEmpty()) {
            LOG.warn("plugin {} wrote to stderr: {}", name, stderr);
        }
        String text = read(r.stdout(), MAX_OUTPUT);
        DecodedBatch d = PluginOutput.parse(address, PluginRef.of(name), text, now);
        if (!d.rejected().isEmpty()) {
            LOG.warn("plugin {}: {} line(s) of its output left out, first: line {} '{}': {}", name, d.rejected().size(),
                    d.rejected().get(0).lineNumber(), d.rejected().get(0).line(), d.rejected().get(0).reason());
        }
        return LineCodec.encodeBatch(d.observations());
    }

    private String await(Running r) {
        Process p = r.process();
        try {
            long wait = r.deadlineNanos() - System.nanoTime();
            if (!p.waitFor(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                kill(p);
                return "timed out after " + seconds(r.plugin()) + "s";
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            running.remove(p);
        }
        if (stopped) {
            return STOPPED;
        }
        int code = p.exitValue();
        if (code == 0) {
            return null;
        }
        String err = lastLine(read(r.stderr(), 4096));
        return "exit_code: " + code + (err.isEmpty() ? "" : ": " + err);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String seconds(CommandPlugin plugin) {
        long ms = plugin.timeout().toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        return last.length() > 200 ? last.substring(0, 200) + "…" : last;
    }

    private String read(Path file, int max) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max);
            if (bytes.length == max && in.read() >= 0) {
                LOG.warn("plugin output {} is longer than {} bytes; the rest is ignored", file.getFileName(), max);
                int nl = lastNewline(bytes);
                return new String(bytes, 0, nl < 0 ? 0 : nl + 1, StandardCharsets.UTF_8);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Kills every command running now, with the processes it started; each gives the warn line
     * {@code stopped: the agent is shutting down}, as does every plugin of a later run, which
     * starts no command. Safe to call from any thread, e.g. a shutdown hook.
     */
    public void stop() {
        stopped = true;
        for (Process p : running) {
            kill(p);
        }
    }

    /** Deletes the temporary directory. */
    @Override
    public void close() {
        try (var s = Files.list(workDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(workDir);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", workDir, e.getMessage());
        }
    }

    private record Running(CommandPlugin plugin, Process process, Path stdout, Path stderr, long deadlineNanos, String startFailure) {}
}
