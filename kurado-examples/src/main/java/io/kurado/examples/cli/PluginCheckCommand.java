package io.kurado.examples.cli;

import io.kurado.api.PluginRef;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testkit.CheckReport;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginCheck;
import io.kurado.core.testkit.PluginTestKit;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kurado plugin check}: the harness's checks from the command line. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Check a plugin's graphs and, with --address, the keys they read.",
            "Every graph its viewer lists must have a definition and every definition must parse; with --address, "
                + "its fetcher is run there first and every key the definitions read must be one it produced.",
            "Exits 1 listing every problem."
        })
public final class PluginCheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME[:ARGS]", description = "The roll entry, e.g. redis:6380.")
    String entry;

    @Option(names = "--address", description = "Run the fetcher against this host and check the keys it produced.")
    Optional<String> address;

    @CommandLine.Mixin
    PluginOptions options = new PluginOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<PluginRegistry> registry = options.registry(err);
        if (registry.isEmpty()) {
            return 1;
        }
        PluginRef plugin;
        try {
            plugin = PluginOptions.entry(entry);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        PluginRegistry r = registry.get();
        if (r.viewer(plugin.name()).isEmpty()) {
            err.println("no viewer '" + plugin.name() + "' is installed" + (r.hasFetcher(plugin.name())
                    ? ": it has a fetcher only, so no graph would show" : "; installed plugins: " + r.pluginNames()));
            return 1;
        }
        PluginCheck check = PluginTestKit.check(r, plugin.name()).view(v -> v.arguments(plugin.arguments()));
        if (address.isPresent()) {
            if (!r.hasFetcher(plugin.name())) {
                err.println("plugin '" + plugin.name() + "' has no fetcher to run at " + address.get());
                return 1;
            }
            FetchRun run = PluginTestKit.fetcher(r, plugin.name()).entry(plugin).host(options.host(address.get()))
                    .metricsConfig(options.metricsConfig(address.get())).clock(java.time.InstantSource.system())
                    .deadline(Duration.ofSeconds(10)).run();
            if (run.failureMessage().isPresent()) {
                err.println(plugin.name() + ": " + run.failureMessage().get());
                return 1;
            }
            check.afterFetch(run);
        }
        CheckReport report = check.run();
        (report.passed() ? out : err).println(report);
        out.flush();
        err.flush();
        return report.passed() ? 0 : 1;
    }
}
