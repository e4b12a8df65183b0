package io.kurado.examples.cli;

import io.kurado.api.KuradoException;
import io.kurado.rrd.ImportReport;
import io.kurado.rrd.RrdImporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kurado import}: converts the original Kurado's rrdtool data directory into rrd4j files
 * with the same layout.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Convert every .rrd file of an rrdtool data directory into an rrd4j data directory, keeping the layout.",
            "Existing targets are kept unless --force. Run it while no Kurado server writes into --to.",
            "Exits 1 when any file could not be converted; each is listed with the reason."
        })
public final class ImportCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The rrdtool data directory.")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The rrd4j data directory to write.")
    Path to;

    @Option(names = "--force", description = "Replace files that already exist in --to.")
    boolean force;

    @Option(names = "--progress-every", defaultValue = "1000", paramLabel = "N",
            description = "Report progress every N files (default ${DEFAULT-VALUE}).")
    int every;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int step = Math.max(1, every);
        ImportReport report;
        try {
            report = new RrdImporter().importAll(from, to, force, p -> {
                if (p.done() % step == 0 || p.done() == p.total()) {
                    err.printf("import: %d/%d files%n", p.done(), p.total());
                    err.flush();
                }
            });
        } catch (KuradoException e) {
            err.println("import: " + e.getMessage());
            return 2;
        }
        for (ImportReport.Failure f : report.failed()) {
            err.println("import: cannot convert " + f.file() + ": " + f.reason());
        }
        out.printf("converted %d, kept existing %d, failed %d%n", report.converted().size(),
                report.skippedExisting().size(), report.failed().size());
        out.flush();
        return report.ok() ? 0 : 1;
    }
}
