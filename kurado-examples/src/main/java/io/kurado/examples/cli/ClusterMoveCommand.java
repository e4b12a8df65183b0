package io.kurado.examples.cli;

import io.kurado.core.cluster.NodeInfo;
import io.kurado.core.cluster.NodeRegistry;
import io.kurado.core.cluster.ShardMap;
import io.kurado.core.cluster.ShardSlot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kurado cluster move SHARD --to NODE -c kurado.yml}: moves one shard, files and all, to another node. */
@Command(
        name = "move",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Move one shard to another node, with its files: the old owner stops writing it and flushes its files, the new owner"
                + " copies them from it (over HTTP between the nodes) and only then writes the shard's batches, which wait in Redis"
                + " meanwhile; no history is split.",
            "When the old owner is down, the files are copied from the shard's other copy if a live node has one (replicas: 2);"
                + " otherwise --force starts the shard afresh on the new node, its history staying on the old one."
        })
public final class ClusterMoveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SHARD", description = "The shard, from 0 (kurado cluster status --shards lists them).")
    int shard;

    @Option(names = "--to", required = true, paramLabel = "NODE", description = "The node id to move it to.")
    String to;

    @Option(names = "--from", paramLabel = "NODE", description = "Which copy moves, by its owner (needed with replicas: 2).")
    Optional<String> from;

    @Option(names = "--force", description = "Move it even when no live node has its files: it starts afresh on the new node.")
    boolean force;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The main YAML file.")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return ClusterTools.withShardMap(config, err, (t, store, map) -> {
                Instant now = t.clock.instant();
                List<NodeInfo> nodes = new NodeRegistry(t.metaStore).nodes();
                if (shard < 0 || shard >= map.count()) {
                    err.printf("There is no shard %d: shards are numbered 0 to %d.%n", shard, map.count() - 1);
                    return 2;
                }
                Optional<NodeInfo> target = nodes.stream().filter(n -> n.nodeId().equals(to)).findFirst();
                if (target.isEmpty()) {
                    err.printf("Unknown node '%s': the nodes are %s (a node is known once it has started).%n", to,
                            String.join(", ", nodes.stream().map(NodeInfo::nodeId).toList()));
                    return 2;
                }
                if (!target.get().alive(now)) {
                    err.printf("Node %s is down (last seen %s): start it first, so that it copies the shard's files and writes it.%n", to,
                            target.get().lastSeen());
                    return 1;
                }
                if (!target.get().writes()) {
                    err.printf("Node %s does not run the update role, so it cannot write a shard.%n", to);
                    return 1;
                }
                Optional<ShardSlot> chosen = copy(map, err);
                if (chosen.isEmpty()) {
                    return 2;
                }
                ShardSlot slot = chosen.get();
                if (slot.ownedBy(to)) {
                    out.printf("Shard %s is on %s already: nothing to do.%n", slot.label(), to);
                    return 0;
                }
                for (ShardSlot other : map.copies(shard)) {
                    if (other.copy() != slot.copy() && other.ownedBy(to)) {
                        err.printf("Node %s holds the other copy of shard %d already; choose another node.%n", to, shard);
                        return 2;
                    }
                }
                ShardSlot moved;
                String how;
                if (slot.owner().isEmpty()) {
                    moved = slot.ownedAs(to);
                    how = "Nobody owned it: " + to + " writes its batches from now on.";
                } else if (alive(nodes, slot.owner().get(), now)) {
                    moved = slot.movingTo(to, slot.owner().get(), false);
                    how = slot.owner().get() + " stops writing it and flushes its files; " + to + " copies them, then writes the shard's"
                            + " batches, which wait in Redis meanwhile.";
                } else {
                    Optional<String> replica = map.copies(shard).stream().filter(c -> c.copy() != slot.copy())
                            .flatMap(c -> c.owner().stream()).filter(o -> alive(nodes, o, now)).findFirst();
                    if (replica.isPresent()) {
                        moved = slot.movingTo(to, replica.get(), true);
                        how = slot.owner().get() + " is down: " + to + " copies the files from the other copy on " + replica.get()
                                + ", then writes the shard's batches.";
                    } else if (force) {
                        moved = slot.ownedAs(to);
                        how = slot.owner().get() + " is down and no live node has the files: " + to + " starts the shard afresh; its"
                                + " history stays on " + slot.owner().get() + ".";
                    } else {
                        err.printf("The files of shard %d are on %s, which is down, and no live node has another copy: start %s so that"
                                + " they can be copied, or give --force to start the shard afresh on %s.%n", shard, slot.owner().get(),
                                slot.owner().get(), to);
                        return 1;
                    }
                }
                ShardSlot expected = slot;
                ShardMap after = store.update(m -> {
                    if (!m.slot(expected.shard(), expected.copy()).equals(expected)) {
                        throw new IllegalStateException("shard " + expected.label() + " changed meanwhile");
                    }
                    return m.withSlot(moved);
                });
                out.printf("Shard %s moves from %s to %s (%d hosts), epoch %d. %s%nFollow it with 'kurado cluster status --shards'.%n",
                        slot.label(), slot.owner().orElse("nobody"), to, t.hostsOf(map, shard).size(), after.epoch(), how);
                return 0;
            });
        } catch (IllegalStateException e) {
            err.println("The shard map changed while the move was prepared (" + e.getMessage() + "); run the command again.");
            return 1;
        }
    }

    private Optional<ShardSlot> copy(ShardMap map, PrintWriter err) {
        List<ShardSlot> copies = map.copies(shard);
        if (from.isPresent()) {
            Optional<ShardSlot> s = copies.stream().filter(c -> c.ownedBy(from.get())).findFirst();
            if (s.isEmpty()) {
                err.printf("Node %s holds no copy of shard %d (its copies are on %s).%n", from.get(), shard, owners(copies));
            }
            return s;
        }
        if (copies.size() > 1) {
            err.printf("Shard %d has two copies (on %s): say which one moves with --from NODE.%n", shard, owners(copies));
            return Optional.empty();
        }
        return Optional.of(copies.get(0));
    }

    private static String owners(List<ShardSlot> copies) {
        return String.join(" and ", copies.stream().map(c -> c.owner().orElse("nobody")).toList());
    }

    private static boolean alive(List<NodeInfo> nodes, String id, Instant now) {
        return nodes.stream().anyMatch(n -> n.nodeId().equals(id) && n.alive(now));
    }
}
