package io.kurado.api.line;

import io.kurado.api.Observation;
import java.util.Objects;

/**
 * What {@link LineCodec#decode(String)} made of one line.
 *
 * @since 0.1
 */
public sealed interface LineResult {
    /**
     * The line held an observation.
     *
     * @param observation the sample, meta value or warning
     */
    record Decoded(Observation observation) implements LineResult {
        /** Validates the field. */
        public Decoded {
            Objects.requireNonNull(observation, "observation");
        }
    }

    /** The line was blank or a comment ({@code #}, {@code //}); nothing to do. */
    record Skipped() implements LineResult {}

    /**
     * The line is malformed.
     *
     * @param reason what is wrong with it, for a person to read
     */
    record Rejected(String reason) implements LineResult {
        /** Validates the field. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
