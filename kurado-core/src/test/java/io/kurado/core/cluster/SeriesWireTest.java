package io.kurado.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.MetricKey;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.core.web.WebRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What one node sends another about a series reads back exactly. */
class SeriesWireTest {
    @Test
    void aQueryReadsBackFromItsPathAndQuery() {
        SeriesQuery q = new SeriesQuery(new SeriesRef("fe80::1%eth0", "http%3A80", MetricKey.of("reqs & more.derive")),
                Consolidation.MAX, Instant.parse("2026-12-07T10:00:00.250Z"), Instant.parse("2026-12-08T10:00:00Z"),
                Duration.ofMillis(60_500), Detail.FINEST);
        WebRequest req = WebRequest.get(SeriesWire.read(q));
        assertThat(req.path()).isEqualTo(SeriesWire.READ);
        assertThat(SeriesWire.parseRead(req::param)).isEqualTo(q);
    }

    @Test
    void everyValueReadsBackBitForBit() {
        double[] v = {0.1 + 0.2, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-300, -0.0, Double.MAX_VALUE, 42};
        SeriesData d = new SeriesData(1_700_000_040L, 60, v);
        byte[] body = SeriesWire.data(Optional.of(d)).getBytes(StandardCharsets.UTF_8);
        assertThat(SeriesWire.parseData(body)).contains(d);
        assertThat(SeriesWire.parseData(SeriesWire.data(Optional.empty()).getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void lastUpdatesAndKeysReadBack() {
        assertThat(SeriesWire.parseLast(SeriesWire.last(OptionalLong.of(1_700_000_040L)).getBytes(StandardCharsets.UTF_8)))
                .hasValue(1_700_000_040L);
        assertThat(SeriesWire.parseLast(SeriesWire.last(OptionalLong.empty()).getBytes(StandardCharsets.UTF_8))).isEmpty();
        Set<MetricKey> keys = Set.of(MetricKey.of("a.gauge"), MetricKey.of("disk-usage-sda1-used.gauge"));
        assertThat(SeriesWire.parseKeys(SeriesWire.keys(keys).getBytes(StandardCharsets.UTF_8))).isEqualTo(keys);
    }
}
