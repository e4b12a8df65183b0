package io.kurado.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar kurado.jar}: the entry point of the runnable jar. Each job is a subcommand.
 */
@Command(
        name = "kurado",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Server performance metrics for thousands of Linux hosts at one-minute resolution.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ServerCommand.class,
            AgentCommand.class,
            ConfigCommand.class,
            BenchCommand.class,
            AlertsCommand.class,
            ClusterCommand.class,
            GraphCommand.class,
            ImportCommand.class,
            PluginCommand.class,
        })
public final class KuradoCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs a subcommand and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs a subcommand and returns its status, without exiting (for tests).
     *
     * @param args the command line
     * @return the exit status
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** @return the command line of the jar, ready to execute; tests redirect its output */
    public static CommandLine commandLine() {
        return new CommandLine(new KuradoCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
