package io.kurado.api.queue;

import java.util.Objects;

/**
 * A named queue. The two of Kurado keep the names of the original's Redis lists so that Perl
 * agents and servers interoperate.
 *
 * @param name the queue name
 * @since 0.1
 */
public record Topic(String name) {
    /** Metric batches: lines joined by newlines, pushed by agents and fetch workers. */
    public static final Topic UPDATE = new Topic("kurado-update");

    /** Fetch jobs: {@code address TAB plugin-identifier}, pushed by the scheduler. */
    public static final Topic FETCH = new Topic("kurado-fetch");

    /** Validates the name. */
    public Topic {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("topic name must not be empty");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
