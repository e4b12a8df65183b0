package io.kurado.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kurado alerts}: try the alert rules, and silence alerts. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Evaluate the alert rules against the stored data, and make, list or remove silences.",
        subcommands = {
            CommandLine.HelpCommand.class,
            AlertsTestCommand.class,
            AlertsSilenceCommand.class,
        })
public final class AlertsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
