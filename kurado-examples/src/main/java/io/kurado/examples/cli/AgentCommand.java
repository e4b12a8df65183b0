package io.kurado.examples.cli;

import io.kurado.api.KuradoException;
import io.kurado.api.ProviderConfig;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueProvider;
import io.kurado.core.config.Settings;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.plugins.agent.AgentCollector;
import io.kurado.plugins.agent.AgentLoop;
import io.kurado.plugins.agent.BatchBuffer;
import io.kurado.plugins.agent.CommandPlugin;
import io.kurado.plugins.agent.CommandRunner;
import io.kurado.plugins.agent.ConfDir;
import io.kurado.plugins.agent.ConfDirException;
import io.kurado.plugins.agent.LazyQueue;
import io.kurado.plugins.agent.PushLog;
import io.kurado.plugins.agent.Pusher;
import io.kurado.plugins.agent.TickSchedule;
import io.kurado.plugins.agent.Waiter;
import io.kurado.plugins.base.BaseCollector;
import io.kurado.plugins.base.SystemRoot;
import io.kurado.redis.RedisAddress;
import io.kurado.redis.RedisSetting;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kurado agent}: collects this host's standard metrics and the command plugins of a
 * {@code conf.d} directory, and pushes one batch per interval to the update queue (Redis), like
 * the original {@code kurado_agent}. Collections never wait on Redis: batches wait in a buffer (by
 * default an hour's worth) that a pusher thread sends in collection order, and while Redis
 * refuses or hangs they are kept and sent once it answers again.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Collect this host's metrics and push them to Kurado's update queue in Redis every interval.",
            "Reads cpu, disk io, disk usage, load average, memory, tcp established, traffic, processors, uptime and "
                + "kernel version, runs the command plugins of --conf-d, and pushes right after the minute (plus --max-delay)."
        })
public final class AgentCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);
    /**
     * The first wait before asking again a Redis that failed (the interval if shorter); it doubles
     * up to the interval.
     */
    private static final Duration RETRY = Duration.ofSeconds(5);

    @Option(names = "--conf-d", paramLabel = "DIR", description = "Directory of *.toml command plugins ([plugin.metrics.<name>] command = \"…\").")
    Path confD;

    @Option(names = {"-i", "--interval"}, paramLabel = "MINUTES", defaultValue = "1", description = "Minutes between pushes (default ${DEFAULT-VALUE}).")
    int interval;

    @Option(names = "--mq", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:6379",
            description = "Redis to push to: HOST:PORT, a redis:// URI, redis-sentinel://HOST:PORT[,HOST:PORT…]#MASTER "
                + "or redis-cluster://HOST:PORT[,HOST:PORT…] (default ${DEFAULT-VALUE}).")
    String mq;

    @Option(names = "--self-ip", paramLabel = "IP", description = "This host's address, the first column of every line (default: the local address towards Redis).")
    String selfIp;

    @Option(names = "--pidfile", paramLabel = "FILE", description = "Write the process id here; refuse to start while the process it names runs.")
    Path pidfile;

    @Option(names = "--max-delay", paramLabel = "SECONDS", defaultValue = "0",
            description = "Push up to this many seconds after each tick (chosen once at start) to spread the load (default ${DEFAULT-VALUE}).")
    int maxDelay;

    @Option(names = "--buffer-minutes", paramLabel = "MINUTES", defaultValue = "60",
            description = "Keep up to this many minutes of batches while Redis refuses or does not answer; beyond, the oldest are dropped (default ${DEFAULT-VALUE}).")
    int bufferMinutes;

    @Option(names = "--dump", description = "Print the current metrics in the line format and exit; needs no Redis.")
    boolean dump;

    @Option(names = "--tick-seconds", paramLabel = "SECONDS", hidden = true,
            description = "Push every SECONDS instead of every --interval minutes (for tests).")
    Optional<Integer> tickSeconds;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/", hidden = true, description = "Read /proc and /sys under this directory.")
    Path root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Counted down once the loop has stopped and everything is closed; the shutdown hook waits for it. */
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() {
        try {
            return collectAndPush();
        } finally {
            finished.countDown();
        }
    }

    private int collectAndPush() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (interval < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval must be at least 1 minute");
        }
        if (maxDelay < 0 || bufferMinutes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-delay must not be negative and --buffer-minutes must be positive");
        }
        List<CommandPlugin> plugins = List.of();
        if (confD != null) {
            try {
                plugins = ConfDir.load(confD);
            } catch (ConfDirException e) {
                err.println("Failed to load config:");
                e.problems().forEach(p -> err.println("  " + p));
                err.flush();
                return 1;
            }
        }
        InetSocketAddress target;
        try {
            target = redisAddress(mq);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mq: " + e.getMessage());
        }
        String address;
        try {
            address = Optional.ofNullable(selfIp).filter(s -> !s.isBlank()).orElseGet(() -> localAddressTowards(target));
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        InstantSource clock = InstantSource.system();
        BaseCollector base = BaseCollector.of(new SystemRoot(root), clock);
        try (AgentCollector collector = new AgentCollector(base, plugins, new CommandRunner(), clock)) {
            if (dump) {
                out.print(collector.collect(address));
                out.flush();
                return 0;
            }
            return runLoop(collector, address);
        }
    }

    private int runLoop(AgentCollector collector, String address) {
        PrintWriter err = spec.commandLine().getErr();
        if (pidfile != null && !writePidfile(pidfile, err)) {
            return 1;
        }
        QueueProvider provider = PluginRegistry.discover(AgentCommand.class.getClassLoader()).queueProvider("redis")
                .orElseThrow(() -> new CommandLine.ExecutionException(spec.commandLine(), "no queue provider 'redis' on the class path"));
        ProviderConfig config = new ProviderConfig(Map.of("redis", mq), Path.of("").toAbsolutePath(), InstantSource.system());
        Duration every = tickSeconds.map(t -> Duration.ofSeconds(Math.max(1, t))).orElse(Duration.ofMinutes(interval));
        TickSchedule schedule = TickSchedule.withRandomDelay(every, maxDelay, new SecureRandom());
        int maxBatches = (int) Math.max(1, Duration.ofMinutes(bufferMinutes).toSeconds() / every.toSeconds());
        InstantSource clock = InstantSource.system();
        BatchBuffer buffer = new BatchBuffer(maxBatches, 8L << 20);
        try (Queue queue = new LazyQueue(() -> provider.create(config));
                Pusher pusher = new Pusher(queue, buffer, clock, Waiter.sleeping(clock), Pusher.deadlineFor(every),
                        every.compareTo(RETRY) < 0 ? every : RETRY, "Redis " + redisName(mq), every, PushLog.slf4j());
                AgentLoop loop = new AgentLoop(() -> collector.collect(address), clock, schedule, buffer,
                        Waiter.sleeping(clock), pusher)) {
            // The hook stops the loop and kills the command plugins running, then waits for the loop
            // to finish and close, not for the main thread to end: that one then blocks in
            // System.exit until every hook has returned. The wait is bounded so that the agent exits
            // within 2 s of SIGTERM whatever it was doing.
            Thread hook = new Thread(() -> {
                loop.close();
                collector.stop();
                try {
                    finished.await(1500, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kurado-agent-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            LOG.info("start kurado agent. mq:{} self_ip:{} interval:{}sec max_delay:{}sec plugins:{} buffer:{} batches",
                    Settings.redact(mq), address, every.toSeconds(), schedule.delay().getSeconds(),
                    collector.plugins().stream().map(CommandPlugin::name).toList(), maxBatches);
            loop.run();
        } finally {
            if (pidfile != null) {
                try {
                    Files.deleteIfExists(pidfile);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", pidfile, e.getMessage());
                }
            }
        }
        return 0;
    }

    /**
     * @param mq a {@code --mq} value
     * @return how the log names it: {@code host:port} of one server, the Sentinels or the Cluster's
     *     seeds; never a password or a database
     */
    static String redisName(String mq) {
        RedisAddress a = address(mq);
        if (!a.cluster() && a.first().getSentinels().isEmpty() && a.first().getSocket() == null) {
            return a.first().getHost() + ":" + a.first().getPort();
        }
        return a.toString();
    }

    /**
     * The server whose connection says this host's address: the one server, the first Sentinel or
     * the first seed of a Cluster (on the same network as the rest).
     *
     * @param mq {@code host:port}, {@code host} or any address that the server's {@code redis:} takes
     * @return the Redis host and port
     * @throws IllegalArgumentException when it is not a Redis address, or a socket (no host)
     */
    static InetSocketAddress redisAddress(String mq) {
        RedisURI first = address(mq).first();
        if (!first.getSentinels().isEmpty()) {
            first = first.getSentinels().get(0);
        }
        if (first.getSocket() != null) {
            throw new IllegalArgumentException("'" + mq + "' is a socket, which says nothing of this host's address: give --self-ip");
        }
        return InetSocketAddress.createUnresolved(first.getHost(), first.getPort());
    }

    private static RedisAddress address(String mq) {
        try {
            return RedisSetting.address(mq);
        } catch (KuradoException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^setting '" + RedisSetting.NAME + "': ", ""), e);
        }
    }

    /**
     * The local address this host uses to reach the target: what the original read from its
     * connection to Redis. A connected UDP socket gives it without sending anything, so it works
     * while Redis is down.
     */
    static String localAddressTowards(InetSocketAddress target) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(target.getHostString(), target.getPort()));
            return s.getLocalAddress().getHostAddress();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot find the local address towards " + target.getHostString()
                    + "; give --self-ip (" + e.getMessage() + ")", e);
        }
    }

    private static boolean writePidfile(Path file, PrintWriter err) {
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)
                        && ProcessHandle.of(Long.parseLong(text)).map(ProcessHandle::isAlive).orElse(false)) {
                    err.println("process " + text + " of pid file " + file + " is still running");
                    err.flush();
                    return false;
                }
            }
            Files.writeString(file, ProcessHandle.current().pid() + "\n");
            return true;
        } catch (IOException e) {
            err.println("cannot write pid file " + file + ": " + e.getMessage());
            err.flush();
            return false;
        }
    }
}
