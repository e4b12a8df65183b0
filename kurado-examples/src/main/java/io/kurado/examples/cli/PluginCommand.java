package io.kurado.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kurado plugin}: list, run, check and look at plugins, for plugin authors. */
@Command(
        name = "plugin",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Tools for plugin authors: list the installed plugins, run a fetcher once, check a plugin, look at its graphs.",
        subcommands = {
            CommandLine.HelpCommand.class,
            PluginListCommand.class,
            PluginFetchCommand.class,
            PluginCheckCommand.class,
            PluginServeCommand.class,
        })
public final class PluginCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
