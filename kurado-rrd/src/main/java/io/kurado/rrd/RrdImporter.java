package io.kurado.rrd;

import io.kurado.api.KuradoException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;

/**
 * Converts a data directory of rrdtool files (the original Kurado's) into rrd4j files with the
 * same relative layout, so an existing installation keeps its history.
 *
 * <p>Every {@code .rrd} file under the source is read with rrd4j's rrdtool reader and written to
 * the same relative path under the target, first to a temporary file next to it and then moved
 * into place, so a target is never left half-written. An existing target is left alone unless
 * {@code force} is set. A file that cannot be converted (not an rrdtool file, a format rrd4j cannot
 * read, an unreadable file) is reported with the reason and the rest go on. Run it while no
 * storage has the target files open.
 *
 * @since 0.1
 */
public final class RrdImporter {
    private static final String SUFFIX = ".rrd";

    private final RrdRandomAccessFileBackendFactory factory = new RrdRandomAccessFileBackendFactory();

    /** Creates an importer. */
    public RrdImporter() {}

    /**
     * Converts every {@code .rrd} file under {@code from} into {@code to}.
     *
     * @param from the rrdtool data directory
     * @param to the rrd4j data directory; created when missing; may not be inside {@code from}
     *     or the same directory
     * @param force replace targets that exist
     * @param progress called after each file with the number of files done and the total
     * @return what was converted, skipped and failed
     * @throws KuradoException when {@code from} is not a readable directory
     */
    public ImportReport importAll(Path from, Path to, boolean force, Consumer<Progress> progress) {
        Path src = from.toAbsolutePath().normalize();
        Path dst = to.toAbsolutePath().normalize();
        if (!Files.isDirectory(src)) {
            throw new KuradoException("import source " + src + " is not a directory");
        }
        if (dst.startsWith(src) || src.startsWith(dst)) {
            throw new KuradoException("import target " + dst + " must not overlap the source " + src);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(src)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException | RuntimeException e) {
            throw new KuradoException("cannot list " + src + ": " + e.getMessage(), e);
        }
        List<Path> converted = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        List<ImportReport.Failure> failed = new ArrayList<>();
        int done = 0;
        for (Path file : files) {
            Path rel = src.relativize(file);
            Path target = dst.resolve(rel.toString());
            if (Files.exists(target) && !force) {
                skipped.add(rel);
            } else {
                try {
                    convert(file, target);
                    converted.add(rel);
                } catch (IOException | RuntimeException e) {
                    failed.add(new ImportReport.Failure(rel, reason(e)));
                }
            }
            done++;
            progress.accept(new Progress(done, files.size(), rel));
        }
        return new ImportReport(converted, skipped, failed);
    }

    /**
     * Converts one rrdtool file, replacing the target if it exists.
     *
     * @param rrdtoolFile the rrdtool file
     * @param target the rrd4j file to write
     * @throws IOException when the source cannot be read or converted, or the target written
     */
    public void convert(Path rrdtoolFile, Path target) throws IOException {
        Objects.requireNonNull(rrdtoolFile, "rrdtoolFile");
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + target.getFileName() + ".importing");
        try {
            Files.deleteIfExists(tmp);
            RrdDb.getBuilder()
                    .setPath(tmp.toString())
                    .setBackendFactory(factory)
                    .setRrdToolImporter(rrdtoolFile.toString())
                    .doimport();
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "not a readable rrdtool file (" + e.getClass().getSimpleName() + ")";
        }
        return m;
    }

    /**
     * How far an import is.
     *
     * @param done files handled so far
     * @param total files found
     * @param last the file just handled, relative to the source
     */
    public record Progress(int done, int total, Path last) {}
}
