package io.kurado.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kurado cluster}: the nodes of a group of servers sharing one Redis, and their shards. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Show and change how a group of servers sharing one Redis shares the hosts: the nodes, the shard map, the backlog.",
            "The servers are nodes of one group when their configuration has a 'cluster:' mapping in 'config'."
        },
        subcommands = {
            CommandLine.HelpCommand.class,
            ClusterStatusCommand.class,
            ClusterRebalanceCommand.class,
            ClusterMoveCommand.class,
        })
public final class ClusterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
