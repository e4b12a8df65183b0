package io.kurado.examples.cli;

import io.kurado.core.cluster.ClusterStatus;
import io.kurado.core.cluster.NodeRegistry;
import io.kurado.core.cluster.ShardSlot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kurado cluster status -c kurado.yml}: the nodes, their shards and hosts, and the backlog. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Print the nodes of the group (alive or down), the shards each writes, the configured hosts in them, and the"
                + " batches waiting in Redis for them.",
            "With --shards, one line per shard copy: its owner, a move under way, its hosts and backlog."
        })
public final class ClusterStatusCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The main YAML file.")
    Path config;

    @Option(names = "--shards", description = "Also print one line per shard copy.")
    boolean shards;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return ClusterTools.withShardMap(config, err, (t, store, map) -> {
            Instant now = t.clock.instant();
            ClusterStatus st = ClusterStatus.of(map, new NodeRegistry(t.metaStore).nodes(), Optional.of(t.queue), now);
            Map<Integer, Integer> hostsPerShard = new HashMap<>();
            for (int s = 0; s < map.count(); s++) {
                hostsPerShard.put(s, t.hostsOf(map, s).size());
            }
            out.printf("Shard map: %d shards, %d %s each, epoch %d%n", map.count(), map.replicas(), map.replicas() == 1 ? "copy" : "copies",
                    map.epoch());
            out.printf("%-20s %-6s %-10s %7s %6s %8s %8s %8s  %s%n", "NODE", "STATE", "SEEN", "SHARDS", "HOSTS", "LAG", "BACKLOG",
                    "DROPPED", "URL");
            for (ClusterStatus.NodeRow n : st.nodes()) {
                int hosts = map.slotsOf(n.nodeId()).stream().mapToInt(s -> hostsPerShard.get(s.shard())).sum();
                out.printf("%-20s %-6s %-10s %7d %6d %8s %8s %8d  %s%n", n.nodeId(), n.alive() ? "alive" : "down",
                        n.lastSeen().map(x -> ago(x, now)).orElse("never"), n.slots().size(), hosts, n.lagMillis() / 1000 + " s",
                        n.backlog() < 0 ? "?" : Long.toString(n.backlog()), n.dropped(),
                        n.advertiseUrl().map(Object::toString).orElse("-"));
            }
            long unowned = map.unowned().size();
            if (unowned > 0) {
                out.printf("%d shard copies have no owner yet (their batches wait: %s); nodes share them out when they start, or run"
                        + " 'kurado cluster rebalance --apply'%n", unowned, st.unownedBacklog() < 0 ? "?" : st.unownedBacklog());
            }
            long moving = map.slots().stream().filter(ShardSlot::moving).count();
            if (moving > 0) {
                out.printf("%d shard copies are moving (see --shards)%n", moving);
            }
            if (shards) {
                out.printf("%-6s %-20s %-28s %6s %8s%n", "SHARD", "OWNER", "MOVE", "HOSTS", "BACKLOG");
                for (ClusterStatus.SlotRow r : st.slots()) {
                    ShardSlot s = r.slot();
                    String move = s.from().map(f -> "from " + f + (s.released() ? ", copying" : ", waiting for " + f)).orElse("");
                    out.printf("%-6s %-20s %-28s %6d %8s%n", s.label(), s.owner().orElse("(none)"), move, hostsPerShard.get(s.shard()),
                            r.backlog().isPresent() ? Long.toString(r.backlog().getAsLong()) : "?");
                }
            }
            return 0;
        });
    }

    private static String ago(Instant then, Instant now) {
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        return s < 120 ? s + " s ago" : s < 7200 ? s / 60 + " min ago" : s / 3600 + " h ago";
    }
}
