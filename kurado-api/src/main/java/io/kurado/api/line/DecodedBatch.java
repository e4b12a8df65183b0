package io.kurado.api.line;

import io.kurado.api.Meta;
import io.kurado.api.Observation;
import io.kurado.api.Sample;
import io.kurado.api.Warning;
import java.util.List;

/**
 * A batch of lines once decoded: what could be read, and what could not.
 *
 * @param observations the decoded samples, meta values and warnings, in batch order
 * @param rejected the malformed lines, in batch order
 * @param skipped the number of blank and comment lines
 * @since 0.1
 */
public record DecodedBatch(List<Observation> observations, List<RejectedLine> rejected, int skipped) {
    /** Copies the lists. */
    public DecodedBatch {
        observations = List.copyOf(observations);
        rejected = List.copyOf(rejected);
    }

    /** @return the metric samples of the batch */
    public List<Sample> samples() {
        return observations.stream().filter(Sample.class::isInstance).map(Sample.class::cast).toList();
    }

    /** @return the meta values of the batch */
    public List<Meta> meta() {
        return observations.stream().filter(Meta.class::isInstance).map(Meta.class::cast).toList();
    }

    /** @return the warnings of the batch */
    public List<Warning> warnings() {
        return observations.stream().filter(Warning.class::isInstance).map(Warning.class::cast).toList();
    }
}
