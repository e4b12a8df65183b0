package io.kurado.examples.cli;

import io.kurado.api.PluginRef;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kurado plugin fetch}: runs a fetcher once and prints the lines it would push. */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run a fetcher once against a host and print the lines it would push.",
            "Each line is address TAB key TAB value TAB time; the fetch's warnings follow on stderr.",
            "Exits 1 when the fetch fails."
        })
public final class PluginFetchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME[:ARGS]", description = "The roll entry, e.g. redis:6380 or mysql.")
    String entry;

    @Option(names = "--address", required = true, description = "The host to fetch from.")
    String address;

    @Option(names = "--deadline", defaultValue = "10", paramLabel = "SECONDS", description = "How long the fetch may take (default ${DEFAULT-VALUE}).")
    int deadline;

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
        if (registry.get().fetcher(plugin.name()).isEmpty()) {
            err.println("no fetcher '" + plugin.name() + "' is installed; installed fetchers: "
                    + registry.get().pluginNames().stream().filter(registry.get()::hasFetcher).toList());
            return 2;
        }
        FetchRun run = PluginTestKit.fetcher(registry.get(), plugin.name()).entry(plugin).host(options.host(address))
                .metricsConfig(options.metricsConfig(address)).clock(java.time.InstantSource.system())
                .deadline(Duration.ofSeconds(Math.max(1, deadline))).run();
        run.lines().stream().filter(l -> !l.contains(".warn.")).forEach(out::println);
        out.flush();
        run.warnings().forEach((k, v) -> err.println("warning " + k + ": " + v));
        run.rejected().forEach(x -> err.println("malformed line: " + x));
        if (run.failureMessage().isPresent()) {
            err.println(plugin.name() + ": " + run.failureMessage().get());
            err.flush();
            return 1;
        }
        err.printf("%d samples, %d meta values, %d warnings in %d ms%n", run.samples().size(), run.meta().size(), run.warnings().size(),
                run.elapsed().toMillis());
        err.flush();
        return 0;
    }
}
