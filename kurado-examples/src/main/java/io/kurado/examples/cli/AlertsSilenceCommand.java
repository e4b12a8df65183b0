package io.kurado.examples.cli;

import io.kurado.api.meta.MetaStore;
import io.kurado.core.Providers;
import io.kurado.core.alert.Silences;
import io.kurado.core.config.ConfigException;
import io.kurado.core.config.ConfigLoader;
import io.kurado.core.config.ConfigProblem;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kurado alerts silence -c kurado.yml --match host=10.0.0.5 --for 2h}: silences the alerts
 * whose labels have all the values given, until an end time, in the meta store every server reads
 * (Redis); {@code --list} lists the silences and {@code --remove ID} removes one.
 */
@Command(
        name = "silence",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Silence alerts until an end time, list the silences, or remove one.",
            "A silence matches the alerts whose labels have every value given (alertname, host, hostname, service, plugin,"
                + " instance, severity). It is kept in the configuration's Redis, which every server reads; without Redis, make"
                + " silences through the server's API (POST /api/silences)."
        })
public final class AlertsSilenceCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The main YAML file.")
    Path config;

    @Option(names = "--match", paramLabel = "LABEL=VALUE", description = "A label value the alerts must have (repeatable).")
    List<String> match = List.of();

    @Option(names = "--for", paramLabel = "DURATION", description = "How long, e.g. 90m, 2h, 1d.")
    Optional<String> duration;

    @Option(names = "--until", paramLabel = "TIME", description = "Until when, e.g. 2026-01-01T12:00:00Z.")
    Optional<String> until;

    @Option(names = "--comment", defaultValue = "", description = "Why.")
    String comment;

    @Option(names = "--by", defaultValue = "${sys:user.name}", description = "Who (default: this user).")
    String by;

    @Option(names = "--list", description = "List the silences in force.")
    boolean list;

    @Option(names = "--remove", paramLabel = "ID", description = "Remove a silence.")
    Optional<String> remove;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KuradoConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                err.println(p);
            }
            return 1;
        }
        if (cfg.settings().redis().isEmpty()) {
            err.println("This configuration has no Redis, so a silence made here would be seen by no server; use the server's"
                    + " API instead: curl -X POST '" + cfg.alerts().externalUrl(cfg.settings())
                    + "/api/silences' -d match=host=10.0.0.5 -d ends=2h");
            return 2;
        }
        InstantSource clock = InstantSource.system();
        PluginRegistry registry = PluginRegistry.discover(AlertsSilenceCommand.class.getClassLoader());
        try (MetaStore meta = Providers.metaStore(cfg, registry, clock)) {
            Silences silences = new Silences(meta, clock);
            if (list) {
                for (Silences.Silence s : silences.active()) {
                    out.printf("%s until %s %s by %s%s%n", s.id(), s.endsAt(), s.matchers(), s.createdBy(),
                            s.comment().isEmpty() ? "" : ": " + s.comment());
                }
                return 0;
            }
            if (remove.isPresent()) {
                if (!silences.remove(remove.get())) {
                    err.println("no silence " + remove.get());
                    return 1;
                }
                out.println("removed silence " + remove.get());
                return 0;
            }
            Map<String, String> matchers = new LinkedHashMap<>();
            for (String m : match) {
                int eq = m.indexOf('=');
                if (eq <= 0) {
                    err.println("--match must be LABEL=VALUE, e.g. host=10.0.0.5, not '" + m + "'");
                    return 2;
                }
                matchers.put(m.substring(0, eq), m.substring(eq + 1));
            }
            if (matchers.isEmpty() || duration.isPresent() == until.isPresent()) {
                err.println("Give at least one --match LABEL=VALUE and either --for DURATION or --until TIME (or --list, --remove ID).");
                return 2;
            }
            Instant end;
            try {
                end = duration.isPresent() ? clock.instant().plus(parse(duration.get())) : Instant.parse(until.get());
            } catch (IllegalArgumentException | DateTimeParseException e) {
                err.println("--for takes 90m, 2h or 1d; --until takes a time such as 2026-01-01T12:00:00Z: " + e.getMessage());
                return 2;
            }
            try {
                Silences.Silence s = silences.add(matchers, end, by, comment);
                out.printf("silence %s until %s for %s%n", s.id(), s.endsAt(), s.matchers());
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
            return 0;
        }
    }

    private static Duration parse(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})(m|h|d)").matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
