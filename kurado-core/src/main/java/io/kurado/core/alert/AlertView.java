package io.kurado.core.alert;

import io.kurado.api.alert.Alert;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert as the alerts page and {@code /api/alerts} show it.
 *
 * @param alert its labels and annotations
 * @param state {@code firing} or {@code pending}
 * @param since when it started firing, or when its condition was first seen while pending
 * @param flapping whether it is flapping (its changes are held back)
 * @param value the last value that crossed its threshold, NaN when it has none
 */
public record AlertView(Alert alert, String state, Instant since, boolean flapping, double value) {
    /** Validates the fields. */
    public AlertView {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }
}
