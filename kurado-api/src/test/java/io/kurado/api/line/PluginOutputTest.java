package io.kurado.api.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.DataSourceType;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PluginOutputTest {
    private static final PluginRef HTTP80 = PluginRef.of("http", "80");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "busy, metrics.busy.gauge",
        "busy.gauge, metrics.busy.gauge",
        "reqs.derive, metrics.reqs.derive",
        "metrics.reqs.derive, metrics.reqs.derive",
        "metrics.busy, metrics.busy.gauge",
        "stats.saikoro, metrics.stats.saikoro.gauge",
        "fork.derive, metrics.fork.derive",
        "heap.max, metrics.heap.max.gauge",
        "meta.server, meta.server",
        "meta.version.full, meta.version.full",
        "warn.replication, warn.replication",
        "metricsfoo, metrics.metricsfoo.gauge",
    })
    void normalisesKeysAsTheOriginalDid(String key, String normalised) {
        assertThat(PluginOutput.normaliseKey(key)).isEqualTo(normalised);
    }

    @Test
    void prefixesTheEscapedIdentifierAndAddress() {
        String line = PluginOutput.normaliseLine("192.168.51.10", HTTP80.escapedIdentifier(), "busy\t5\t1404873353", 1);
        assertThat(line).isEqualTo("192.168.51.10\thttp%3A80.metrics.busy.gauge\t5\t1404873353");
    }

    @Test
    void stampsMissingEmptyOrZeroTimestampsWithNow() {
        DecodedBatch b = PluginOutput.parse("h", HTTP80, "a\t1\nb\t2\t\nc\t3\t0\nd\t4\t77\n", 1000);
        assertThat(b.samples()).extracting(Sample::timestamp).containsExactly(1000L, 1000L, 1000L, 77L);
    }

    @Test
    void dropsColumnsAfterTheThird() {
        DecodedBatch b = PluginOutput.parse("h", HTTP80, "a\t1\t5\textra\tmore", 1000);
        assertThat(b.samples()).singleElement().satisfies(s -> assertThat(s.timestamp()).isEqualTo(5));
    }

    @Test
    void skipsCommentsAndBlankLines() {
        DecodedBatch b = PluginOutput.parse("h", HTTP80, "# header\n\n// note\nbusy\t1\n", 1000);
        assertThat(b.samples()).hasSize(1);
        assertThat(b.skipped()).isEqualTo(4);
        assertThat(b.rejected()).isEmpty();
    }

    @Test
    void turnsWarnKeysIntoWarningsAsPluginAuthorsMeant() {
        DecodedBatch b = PluginOutput.parse("h", PluginRef.of("mysql"), "warn.replication\tError 1062\t5\n", 1000);
        assertThat(b.warnings()).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo("replication");
            assertThat(w.message()).isEqualTo("Error 1062");
        });
        assertThat(b.samples()).isEmpty();
    }

    @Test
    void rejectsBadValuesWithTheirLineNumber() {
        DecodedBatch b = PluginOutput.parse("h", HTTP80, "busy\t1\nidle\tmany\n", 1000);
        assertThat(b.samples()).hasSize(1);
        assertThat(b.rejected()).singleElement().satisfies(r -> {
            assertThat(r.lineNumber()).isEqualTo(2);
            assertThat(r.line()).isEqualTo("idle\tmany");
            assertThat(r.reason()).contains("bad number 'many'");
        });
    }

    @Test
    void aKeyWithoutValueIsUnknown() {
        DecodedBatch b = PluginOutput.parse("h", HTTP80, "idle\n", 1000);
        assertThat(b.samples()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo(MetricKey.of("idle", DataSourceType.GAUGE));
            assertThat(s.isUnknown()).isTrue();
        });
    }

    @Test
    void readsTheSeedReadmeProcessPluginOutput() {
        DecodedBatch b = PluginOutput.parse("h", PluginRef.of("process"), "fork.derive\t39234\t1404871619\n", 1);
        assertThat(LineCodec.encodeBatch(b.observations())).isEqualTo("h\tprocess.metrics.fork.derive\t39234\t1404871619\n");
    }
}
