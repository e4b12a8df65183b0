package io.kurado.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterIdTest {
    @Test
    void tagsAreSortedByNameAndAddedOneByOne() {
        MeterId id = MeterId.of("kurado_fetch_duration_seconds", "Fetches.").tag("plugin", "http").tag("outcome", "success");

        assertThat(id.tags().keySet()).containsExactly("outcome", "plugin");
        assertThat(id).isEqualTo(new MeterId("kurado_fetch_duration_seconds", "Fetches.", Map.of("plugin", "http", "outcome", "success")));
    }

    @Test
    void namesFollowPrometheusConventions() {
        assertThatThrownBy(() -> MeterId.of("kurado.samples", "")).hasMessageContaining("lower case letters, digits and _");
        assertThatThrownBy(() -> MeterId.of("Kurado_samples", "")).hasMessageContaining("starting with a letter");
        assertThatThrownBy(() -> MeterId.of("kurado_x", "").tag("Plugin", "http")).hasMessageContaining("a tag name");
        assertThatThrownBy(() -> MeterId.of("kurado_files_created_total", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MeterId.of("kurado_graphs_count", "")).hasMessageContaining("must not end in _created, _bucket");
    }

    @Test
    void noMetersKeepNothing() {
        Meters none = Meters.none();
        none.counter(MeterId.of("kurado_x_total", ""), () -> 1);
        assertThat(none.timer(MeterId.of("kurado_y_seconds", ""))).isSameAs(DurationRecorder.NONE);
    }
}
