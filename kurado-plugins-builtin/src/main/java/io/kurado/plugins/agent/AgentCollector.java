package io.kurado.plugins.agent;

import io.kurado.plugins.base.BaseCollector;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * One collection of the agent: the standard metrics ({@code base}) followed by the command
 * plugins, as one batch.
 *
 * @since 0.1
 */
public final class AgentCollector implements AutoCloseable {
    private final BaseCollector base;
    private final List<CommandPlugin> plugins;
    private final CommandRunner runner;
    private final InstantSource clock;

    /**
     * @param base the standard metrics
     * @param plugins the command plugins
     * @param runner runs the command plugins; closed with this collector
     * @param clock the time of the plugins' lines
     */
    public AgentCollector(BaseCollector base, List<CommandPlugin> plugins, CommandRunner runner, InstantSource clock) {
        this.base = Objects.requireNonNull(base, "base");
        this.plugins = List.copyOf(plugins);
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the command plugins */
    public List<CommandPlugin> plugins() {
        return plugins;
    }

    /**
     * Collects everything.
     *
     * @param address the first column of every line
     * @return the batch: lines each followed by a newline
     */
    public String collect(String address) {
        String b = base.collect(address);
        if (plugins.isEmpty()) {
            return b;
        }
        return b + runner.run(plugins, address, clock.instant().getEpochSecond());
    }

    /**
     * Kills the command plugins running now; a collection in progress returns at once, and later
     * ones run no command (see {@link CommandRunner#stop()}). For an agent that is asked to stop.
     */
    public void stop() {
        runner.stop();
    }

    /** Deletes the command runner's temporary files. */
    @Override
    public void close() {
        runner.close();
    }
}
