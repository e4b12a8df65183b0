package io.kurado.examples.cli;

import io.kurado.core.cluster.NodeInfo;
import io.kurado.core.cluster.NodeRegistry;
import io.kurado.core.cluster.ShardMap;
import io.kurado.core.cluster.ShardSlot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kurado cluster rebalance -c kurado.yml [--apply]}: a minimal-move plan that evens out the shards among live nodes. */
@Command(
        name = "rebalance",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Propose a shard map that evens out the shards among the live nodes that write files, moving as few shards as"
                + " possible; with --apply, commit it.",
            "Shards of a node that is down stay where they are. A moved shard's old owner stops writing it and flushes its files;"
                + " the new owner copies them before it writes the shard's batches, which wait in Redis meanwhile."
        })
public final class ClusterRebalanceCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The main YAML file.")
    Path config;

    @Option(names = "--apply", description = "Commit the plan (without it, only print it).")
    boolean apply;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return ClusterTools.withShardMap(config, err, (t, store, map) -> {
            Instant now = t.clock.instant();
            List<NodeInfo> nodes = new NodeRegistry(t.metaStore).nodes();
            List<String> live = nodes.stream().filter(n -> n.writes() && n.alive(now)).map(NodeInfo::nodeId).toList();
            if (live.isEmpty()) {
                err.println("No node that writes files is alive: nothing to share the shards among.");
                return 1;
            }
            List<String> down = map.owners().stream().filter(o -> !live.contains(o)).toList();
            ShardMap plan = map.rebalanced(live);
            List<ShardSlot> moves = map.changesTo(plan);
            if (moves.isEmpty()) {
                out.printf("The shards are balanced among %s: nothing to move (epoch %d).%n", String.join(", ", live), map.epoch());
                printDown(out, down, map);
                return 0;
            }
            out.printf("Plan over epoch %d: %d of %d shard copies move, among %s%n", map.epoch(), moves.size(), map.slots().size(),
                    String.join(", ", live));
            for (ShardSlot s : moves) {
                ShardSlot before = map.slot(s.shard(), s.copy());
                out.printf("  shard %-5s %s -> %s (%d hosts)%n", s.label(), before.owner().orElse("(none)"), s.owner().orElseThrow(),
                        t.hostsOf(map, s.shard()).size());
            }
            for (String n : live) {
                out.printf("  %s: %d -> %d shard copies%n", n, map.slotsOf(n).size(), plan.slotsOf(n).size());
            }
            printDown(out, down, map);
            if (!apply) {
                out.println("Nothing changed; run again with --apply to commit this plan.");
                return 0;
            }
            if (!store.replace(map.epoch(), plan)) {
                err.println("The shard map changed while the plan was made (it is past epoch " + map.epoch() + "); run the command again.");
                return 1;
            }
            out.printf("Committed as epoch %d. The old owners stop writing the moved shards and flush their files; the new owners"
                    + " copy them, then write. Follow it with 'kurado cluster status --shards'.%n", map.epoch() + 1);
            return 0;
        });
    }

    private static void printDown(PrintWriter out, List<String> down, ShardMap map) {
        for (String d : down) {
            out.printf("  %s is down: its %d shard copies stay with it (move them with 'kurado cluster move' if it is gone for"
                    + " good)%n", d, map.slotsOf(d).size());
        }
    }
}
