package io.kurado.api.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.DataSourceType;
import io.kurado.api.MetricKey;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesRefTest {
    @Test
    void theSeriesOfManySimilarHostsHaveDistinctHashCodes() {
        Set<Integer> codes = new HashSet<>();
        int n = 0;
        for (int host = 0; host < 3000; host++) {
            String address = "10.0." + (host >> 8) + "." + (host & 255);
            for (int k = 0; k < 45; k++) {
                codes.add(new SeriesRef(address, "base", MetricKey.of("metric-" + k, k % 3 == 0 ? DataSourceType.GAUGE
                        : DataSourceType.DERIVE)).hashCode());
                n++;
            }
        }
        assertThat(codes).as("distinct hash codes of %d series", n).hasSizeGreaterThan(n * 999 / 1000);
    }

    @Test
    void equalSeriesAreEqualWithEqualHashCodes() {
        SeriesRef a = new SeriesRef(new String("10.0.0.1"), "http%3A80", MetricKey.of("reqs.derive"));
        SeriesRef b = new SeriesRef("10.0.0.1", new String("http%3A80"), MetricKey.of("reqs", DataSourceType.DERIVE));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new SeriesRef("10.0.0.1", "http%3A80", MetricKey.of("reqs.counter")));
    }
}
