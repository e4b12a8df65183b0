package io.kurado.rrd;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link RrdImporter#importAll} did.
 *
 * @param converted files converted, relative to the source directory
 * @param skippedExisting files left alone because the target exists (import without force)
 * @param failed files that could not be converted, each with the reason
 * @since 0.1
 */
public record ImportReport(List<Path> converted, List<Path> skippedExisting, List<Failure> failed) {
    /** Copies the lists. */
    public ImportReport {
        converted = List.copyOf(converted);
        skippedExisting = List.copyOf(skippedExisting);
        failed = List.copyOf(failed);
    }

    /** @return true when no file failed */
    public boolean ok() {
        return failed.isEmpty();
    }

    /**
     * One file that could not be converted.
     *
     * @param file the source file
     * @param reason why, for a person to read
     */
    public record Failure(Path file, String reason) {
        /** Validates the fields. */
        public Failure {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return file + ": " + reason;
        }
    }
}
