package io.kurado.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kurado bench}: benchmarks that print figures measured on this machine. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Measure this machine: each subcommand ends with one line starting RESULT.",
        subcommands = {
            CommandLine.HelpCommand.class,
            BenchAgentCommand.class,
            BenchAlertsCommand.class,
            BenchFetchCommand.class,
            BenchIngestCommand.class,
            BenchQueueCommand.class,
            BenchRestartCommand.class,
            BenchWebCommand.class,
            BenchStorageCommand.class,
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
