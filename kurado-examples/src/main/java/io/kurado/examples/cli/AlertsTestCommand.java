package io.kurado.examples.cli;

import io.kurado.api.meta.MetaStore;
import io.kurado.api.storage.Storage;
import io.kurado.core.Providers;
import io.kurado.core.alert.Conditions;
import io.kurado.core.alert.Evaluation;
import io.kurado.core.alert.Finding;
import io.kurado.core.config.AlertRuleConfig;
import io.kurado.core.config.ConfigException;
import io.kurado.core.config.ConfigProblem;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.plugin.PluginSetup;
import io.kurado.core.status.HostStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kurado alerts test -c kurado.yml}: evaluates every alert rule and host state against the
 * stored data now and prints what would fire, sending nothing.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Evaluate every alert rule against the stored data now and print what would fire; nothing is sent.",
            "The series are read from the data directory's files (samples a running server still holds in memory are not"
                + " seen), warnings and arrival times from the configured Redis. A host that never sent data is shown"
                + " waiting, not down. Exit status 0 when nothing would fire, 3 when something would."
        })
public final class AlertsTestCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The main YAML file.")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KuradoConfig cfg;
        PluginRegistry registry;
        try {
            PluginSetup setup = PluginSetup.load(config, AlertsTestCommand.class.getClassLoader());
            cfg = setup.config();
            registry = setup.registry();
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                err.println(p);
            }
            err.println("The configuration has errors; nothing was evaluated.");
            return 1;
        }
        InstantSource clock = InstantSource.system();
        Map<String, AlertRuleConfig> rules = Conditions.rules(cfg, registry::viewer);
        out.printf("%d hosts, %d threshold rules (%s)%s%n", cfg.hosts().size(), rules.size(), String.join(", ", rules.keySet()),
                cfg.alerts().disabled().isEmpty() ? "" : "; switched off: " + String.join(", ", cfg.alerts().disabled()));
        try (Storage storage = Providers.storage(cfg, registry, clock); MetaStore meta = Providers.metaStore(cfg, registry, clock)) {
            Conditions conditions = new Conditions(cfg, registry::viewer, storage, meta, Optional.empty(),
                    new HostStatus(meta, registry::hasFetcher, clock), clock);
            Evaluation e = conditions.evaluate();
            if (e.blind()) {
                out.println("Kurado cannot see its hosts: " + e.findings().stream().map(Finding::summary).findFirst().orElse(""));
                return 3;
            }
            List<Finding> findings = e.findings().stream()
                    .sorted(Comparator.comparing((Finding f) -> f.severity().equals("critical") ? 0 : 1)
                            .thenComparing(f -> f.labels().getOrDefault("alertname", ""))
                            .thenComparing(f -> f.labels().getOrDefault("host", "")))
                    .toList();
            for (Finding f : findings) {
                Map<String, String> l = f.labels();
                out.printf("%-8s %-22s %s %s%s%s: %s%s%n", f.severity().toUpperCase(java.util.Locale.ROOT), l.get("alertname"),
                        l.getOrDefault("hostname", ""), l.getOrDefault("host", ""),
                        l.containsKey("instance") ? " [" + l.get("instance") + "]" : "",
                        Double.isNaN(f.value()) ? "" : " = " + Conditions.format(f.value()), f.summary(),
                        f.forDuration().isZero() ? "" : " (fires once it lasts " + f.forDuration().toMinutes() + " min)");
            }
            out.printf("%d would fire, %d hosts down, %d rule values unknown (no data in their window); nothing was sent%n",
                    findings.size(), e.downHosts().size(), e.unknown().size());
            out.flush();
            return findings.isEmpty() ? 0 : 3;
        }
    }
}
