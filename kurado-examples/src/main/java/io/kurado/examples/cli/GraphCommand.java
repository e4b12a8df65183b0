package io.kurado.examples.cli;

import io.kurado.api.KuradoException;
import io.kurado.api.PluginRef;
import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphRequest;
import io.kurado.api.graph.GraphWindow;
import io.kurado.api.graph.RenderedGraph;
import io.kurado.core.graph.GraphDefinitionException;
import io.kurado.core.graph.GraphDefinitionParser;
import io.kurado.core.web.Terms;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import io.kurado.rrd.graph.RrdGraphRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kurado graph}: draws one graph definition from a data directory into a PNG file. */
@Command(
        name = "graph",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Draw a graph definition from the RRD files of a data directory into a PNG, as the web UI would.",
            "The definition is rrdtool graph text with Kurado's template tags. Exits 1 when the definition or a file "
                + "is at fault."
        })
public final class GraphCommand implements Callable<Integer> {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[ HH:mm[:ss]]");

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The data directory.")
    Path dataDir;

    @Option(names = "--address", required = true, description = "The host address (directory under the data directory).")
    String address;

    @Option(names = "--plugin", required = true, description = "The plugin entry, e.g. base or http:80.")
    String plugin;

    @Option(names = "--def", required = true, paramLabel = "FILE", description = "The graph definition file.")
    Path definition;

    @Option(names = "--term", defaultValue = "day",
            description = "day, week, month, year, 3days, 8hours, 4hours, 1hour or custom (default: ${DEFAULT-VALUE}).")
    String term;

    @Option(names = "--from", description = "Start of a custom term: yyyy-MM-dd[ HH:mm[:ss]] (local time) or an ISO instant.")
    Optional<String> from;

    @Option(names = "--to", description = "End of a custom term (default: now).")
    Optional<String> to;

    @Option(names = "--width", defaultValue = "500", description = "Canvas width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--hostname", description = "Hostname in the title (default: the address).")
    Optional<String> hostname;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The PNG to write.")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try {
            GraphWindow window = window(Instant.now());
            PluginRef ref = PluginRef.parse(plugin);
            String text;
            try {
                text = Files.readString(definition, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("cannot read " + definition + ": " + why(e, false));
                return 1;
            }
            GraphDefinition def = new GraphDefinitionParser().parse(text, address, ref.escapedIdentifier());
            if (def.elements().isEmpty()) {
                err.println(definition + ": the definition is empty (no DEF, LINE, AREA or other element)");
                return 1;
            }
            try (RrdStorage storage = new RrdStorage(dataDir, RrdStorageOptions.defaults(InstantSource.system()))) {
                RenderedGraph g = new RrdGraphRenderer(storage).render(new GraphRequest(def, window, width,
                        GraphRequest.DEFAULT_HEIGHT, window.title() + " " + hostname.orElse(address),
                        def.verticalLabel().orElse(ref.name())));
                try {
                    Files.write(output, g.png());
                } catch (IOException e) {
                    err.println("cannot write " + output + ": " + why(e, true));
                    return 1;
                }
                for (String line : g.printLines()) {
                    spec.commandLine().getOut().println(line);
                }
                for (String note : g.notes()) {
                    err.println("warning: " + note);
                }
                spec.commandLine().getOut().flush();
                err.println("wrote " + output + " (" + g.width() + "x" + g.height() + ", " + g.png().length + " bytes)");
            }
            return 0;
        } catch (GraphDefinitionException e) {
            err.println(definition + ": " + e.getMessage());
            return 1;
        } catch (KuradoException | IllegalArgumentException e) {
            err.println("cannot draw " + definition + ": " + e.getMessage());
            return 1;
        } finally {
            err.flush();
        }
    }

    /** @return why a file could not be read or written, in a few words */
    private static String why(IOException e, boolean writing) {
        if (e instanceof NoSuchFileException f) {
            Path parent = Path.of(f.getFile()).getParent();
            return writing && parent != null && !Files.isDirectory(parent) ? "no such directory " + parent : "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return reason == null ? e.getClass().getSimpleName() : reason.toLowerCase(java.util.Locale.ROOT);
    }

    private GraphWindow window(Instant now) {
        if (!term.equals("custom")) {
            if (Terms.span(term).isEmpty()) {
                throw new IllegalArgumentException("unknown term '" + term + "'");
            }
            return Terms.window(term, now);
        }
        String f = from.orElseThrow(() -> new IllegalArgumentException("--term custom needs --from"));
        Instant start = instant(f, "from");
        Instant end = to.map(t -> instant(t, "to")).orElse(now);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("from(" + f + ") is newer than to(" + to.orElse("now") + ")");
        }
        return new GraphWindow("custom", start, end, f + " to " + to.orElse(""));
    }

    private static Instant instant(String text, String what) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                var parsed = LOCAL.parseBest(text, LocalDateTime::from, java.time.LocalDate::from);
                LocalDateTime t = parsed instanceof LocalDateTime l ? l : ((java.time.LocalDate) parsed).atStartOfDay();
                return t.atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("invalid " + what + " date: " + text);
            }
        }
    }
}
