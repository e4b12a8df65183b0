package io.kurado.api.storage;

import java.util.List;

/**
 * The outcome of {@link Storage#write(java.util.List)}.
 *
 * @param written samples stored
 * @param skipped samples at or before their series' last update, dropped as rrdtool did
 * @param failures samples that could not be stored, each with the file and the reason
 * @since 0.1
 */
public record WriteResult(int written, int skipped, List<String> failures) {
    /** Copies the list. */
    public WriteResult {
        failures = List.copyOf(failures);
    }

    /** @return the number of failed samples */
    public int failed() {
        return failures.size();
    }
}
