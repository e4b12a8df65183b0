package io.kurado.api.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.DataSourceType;
import io.kurado.api.Meta;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.Warning;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LineCodecTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "192.168.51.10\tbase.metrics.cpu-user.derive\t44682\t1404873350 | cpu-user      | DERIVE   | 44682",
        "10.0.0.1\tbase.metrics.loadavg-1.gauge\t0.00\t1404873350     | loadavg-1     | GAUGE    | 0",
        "10.0.0.1\tx.metrics.c.counter\t18446744073709551615\t1       | c             | COUNTER  | 1.8446744073709552E19",
        "10.0.0.1\tx.metrics.a.absolute\t-2.5e3\t1                    | a             | ABSOLUTE | -2500",
        "10.0.0.1\tjolokia.metrics.heap_memory_usage.max.gauge\t7\t1  | heap_memory_usage.max | GAUGE | 7",
        "10.0.0.1\tsquid.metrics.client-http.requests.derive\t+3\t1   | client-http.requests  | DERIVE | 3",
    })
    void decodesMetricLinesWithTheirType(String line, String name, DataSourceType type, double value) {
        LineResult r = LineCodec.decode(line);
        assertThat(r).isInstanceOf(LineResult.Decoded.class);
        Sample s = (Sample) ((LineResult.Decoded) r).observation();
        assertThat(s.key()).isEqualTo(MetricKey.of(name, type));
        assertThat(s.value()).isEqualTo(value);
    }

    @Test
    void decodesTheAddressPluginAndTimestamp() {
        Sample s = (Sample) decoded("192.168.51.10\thttp%3A80.metrics.busy.gauge\t5\t1404873353");
        assertThat(s.address()).isEqualTo("192.168.51.10");
        assertThat(s.plugin()).isEqualTo(PluginRef.of("http", "80"));
        assertThat(s.timestamp()).isEqualTo(1404873353L);
    }

    @Test
    void unescapesEveryPercentSequenceOfThePluginSegment() {
        Sample s = (Sample) decoded(
                "h\thttp%3A80%3A%2Fserver-status%3Fauto%3Awww%2Eexample%2Ecom.metrics.busy.gauge\t5\t1");
        assertThat(s.plugin()).isEqualTo(PluginRef.of("http", "80", "/server-status?auto", "www.example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"U", ""})
    void treatsUAndAnEmptyValueAsUnknown(String value) {
        Sample s = (Sample) decoded("h\tnginx.metrics.reqs.derive\t" + value + "\t1");
        assertThat(s.isUnknown()).isTrue();
    }

    @Test
    void decodesMetaLines() {
        Meta m = (Meta) decoded("h\tbase.meta.disk-usage-sda1-mount\t/var/lib\t1404873350");
        assertThat(m.key()).isEqualTo("disk-usage-sda1-mount");
        assertThat(m.value()).isEqualTo("/var/lib");
        assertThat(m.plugin()).isEqualTo(PluginRef.of("base"));
    }

    @Test
    void keepsSpacesAndDotsInMetaValues() {
        Meta m = (Meta) decoded("h\tbase.meta.version\tLinux version 6.1.0 (gcc 12.2) #1 SMP\t1");
        assertThat(m.value()).isEqualTo("Linux version 6.1.0 (gcc 12.2) #1 SMP");
    }

    @Test
    void dropsTheTypeSuffixTheOlderAgentAppendsToMetaKeys() {
        Meta m = (Meta) decoded("h\tprocess.meta.owner.gauge\troot\t1");
        assertThat(m.key()).isEqualTo("owner");
    }

    @Test
    void decodesWarnLines() {
        Warning w = (Warning) decoded("h\tprocess.warn.command\tfailed to exec plugin:process: exit_code: 1\t1404873350");
        assertThat(w.key()).isEqualTo("command");
        assertThat(w.message()).isEqualTo("failed to exec plugin:process: exit_code: 1");
    }

    @Test
    void removesATrailingCarriageReturn() {
        Sample s = (Sample) decoded("h\tbase.metrics.x.gauge\t1\t1404873350\r");
        assertThat(s.timestamp()).isEqualTo(1404873350L);
    }

    @Test
    void acceptsAFractionalTimestampAndKeepsTheWholeSeconds() {
        assertThat(decoded("h\tbase.metrics.x.gauge\t1\t1404873350.75").timestamp()).isEqualTo(1404873350L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"# a comment", "   # indented comment", "// slash comment", "  //x", "", "   ", "\r"})
    void skipsBlankAndCommentLines(String line) {
        assertThat(LineCodec.decode(line)).isInstanceOf(LineResult.Skipped.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "h\tbase.metrics.x.gauge\t1                       | expected 4 tab-separated columns",
        "h\tbase.metrics.x.gauge\t1\t2\t3                 | expected 4 tab-separated columns (address, key, value, timestamp) but found 5",
        "'h\tbase.metrics.x.gauge\t1\t'                   | empty timestamp",
        "'\tbase.metrics.x.gauge\t1\t2'                   | empty address",
        "h\tbase.metrics\t1\t2                            | is not of the form plugin.kind.name",
        "h\tbasemetrics\t1\t2                             | is not of the form plugin.kind.name",
        "h\t.metrics.x.gauge\t1\t2                        | has an empty plugin",
        "h\tbase.metrics.\t1\t2                           | has an empty name",
        "h\tbase..x.gauge\t1\t2                           | unknown kind ''",
        "h\tbase.metric.x.gauge\t1\t2                     | unknown kind 'metric'",
        "h\tbase.metrics.x\t1\t2                          | has no type (.gauge, .counter, .derive or .absolute)",
        "h\tbase.metrics.x.device\t1\t2                   | metric key 'x.device' has no type",
        "h\tbase.metrics..gauge\t1\t2                     | has an empty name",
        "h\tbase.metrics.x.gauge\tabc\t2                  | bad number 'abc'",
        "h\tbase.metrics.x.gauge\t1,000\t2                | bad number '1,000'",
        "h\tbase.metrics.x.gauge\tNaN\t2                  | bad number 'NaN'",
        "h\tbase.metrics.x.gauge\t1d\t2                   | bad number '1d'",
        "h\tbase.metrics.x.gauge\t1e\t2                   | bad number '1e'",
        "h\tbase.metrics.x.gauge\t1\tnow                  | bad timestamp 'now'",
        "h\tbase.metrics.x.gauge\t1\t-5                   | bad timestamp '-5'",
        "h\t%3A80.metrics.x.gauge\t1\t2                   | has no plugin name",
    })
    void rejectsMalformedLinesNamingTheProblem(String line, String reason) {
        LineResult r = LineCodec.decode(line);
        assertThat(r).isInstanceOf(LineResult.Rejected.class);
        assertThat(((LineResult.Rejected) r).reason()).contains(reason);
    }

    @Test
    void aRejectedLineQuotesAShortPrefixOfItsInputWithControlCharactersEscaped() {
        String hostile = "\u001b[2J\rFAKE LOG LINE\u0007" + "x".repeat(1_000_000);
        List<String> reports = List.of(
                LineCodec.decodeBatch("10.0.0.1\tbase.metrics.a.gauge\t" + hostile + "\t100").rejected().get(0).toString(),
                LineCodec.decodeBatch("10.0.0.1\t" + hostile + "\t1\t100").rejected().get(0).toString(),
                LineCodec.decodeBatch("10.0.0.1\tbase.metrics.a.gauge\t1\t" + hostile).rejected().get(0).toString(),
                LineCodec.decodeBatch(hostile).rejected().get(0).toString());
        for (String r : reports) {
            assertThat(r).hasSizeLessThan(500)
                    .doesNotContain("\u001b", "\r", "\u0007", "\n")
                    .contains("\\x1B[2J\\rFAKE LOG LINE\\x07");
        }
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void bytesOfAValidBatchDecodeAsItsText() {
        String batch = "10.0.0.1\tbase.metrics.cpu-user.derive\t44682\t1404873350\r\n"
                + "# comment\n"
                + "10.0.0.1\tbase.meta.kernel\tLinux \u65e5\u672c\u8a9e \ud83d\ude00\t1404873350\n";
        DecodedBatch fromBytes = LineCodec.decodeBatch(batch.getBytes(StandardCharsets.UTF_8), 4096);
        assertThat(fromBytes).isEqualTo(LineCodec.decodeBatch(batch));
        assertThat(fromBytes.meta().get(0).value()).isEqualTo("Linux \u65e5\u672c\u8a9e \ud83d\ude00");
    }

    @Test
    void aValueThatIsNotUtf8IsKeptWithItsBadBytesReplaced() {
        DecodedBatch b = LineCodec.decodeBatch(latin1("10.0.0.1\tbase.meta.location\tcaf\u00e9\t1\n"
                + "10.0.0.1\tbase.warn.cmd\tno such file \u00ab\u00bb\t1\n"), 4096);
        assertThat(b.rejected()).isEmpty();
        assertThat(b.meta().get(0).value()).isEqualTo("caf\ufffd");
        assertThat(b.warnings().get(0).message()).isEqualTo("no such file \ufffd\ufffd");
    }

    @Test
    void anAddressOrKeyThatIsNotUtf8IsRejectedAndTheRestOfTheBatchIsDecoded() {
        DecodedBatch b = LineCodec.decodeBatch(concat(
                latin1("h\u00e9\tbase.metrics.a.gauge\t1\t100\n"),
                latin1("h\tbase.metrics.caf\u00e9.gauge\t2\t100\n"),
                latin1("h\tbase.metrics.ok.gauge\t3\t100\n"),
                new byte[] {'h', '\t', 'b', '.', 'm', 'e', 't', 'a', '.', 'x', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\t', 'v', '\t', '1'}),
                4096);
        assertThat(b.samples()).extracting(Sample::value).containsExactly(3.0);
        assertThat(b.rejected()).extracting(RejectedLine::lineNumber).containsExactly(1, 2, 4);
        assertThat(b.rejected()).extracting(RejectedLine::reason).containsExactly(
                "the address is not valid UTF-8 (byte 0xE9 at byte 2 of the line)",
                "the key is not valid UTF-8 (byte 0xE9 at byte 19 of the line)",
                "the key is not valid UTF-8 (byte 0xED at byte 11 of the line)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "E080AF", "F4908080", "F8888080", "C3", "E282", "80", "FF"})
    void rejectsMalformedUtf8InTheKey(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] line = concat("h\tbase.metrics.k".getBytes(StandardCharsets.US_ASCII), bad,
                ".gauge\t1\t1".getBytes(StandardCharsets.US_ASCII));
        assertThat(LineCodec.decodeBatch(line, 4096).rejected()).singleElement()
                .satisfies(r -> assertThat(r.reason()).startsWith("the key is not valid UTF-8"));
    }

    @Test
    void aLineLongerThanTheLimitIsRejectedKeepingOnlyAPrefix() {
        String longLine = "10.0.0.1\tbase.meta.big\t" + "v".repeat(10_000) + "\t1";
        DecodedBatch b = LineCodec.decodeBatch(
                (longLine + "\n10.0.0.1\tbase.metrics.a.gauge\t1\t1\n").getBytes(StandardCharsets.UTF_8), 4096);
        assertThat(b.samples()).hasSize(1);
        RejectedLine r = b.rejected().get(0);
        assertThat(r.reason()).isEqualTo("line of 10025 bytes is longer than the limit of 4096 bytes");
        assertThat(r.line()).hasSize(LineCodec.KEPT_BYTES).startsWith("10.0.0.1\tbase.meta.big\tvvv");
    }

    @Test
    void aBatchKeepsEveryGoodLineAroundBadOnes() {
        String batch = "h\tbase.metrics.a.gauge\t1\t100\n"
                + "garbage\n"
                + "# comment\n"
                + "h\tbase.meta.version\tLinux\t100\n"
                + "h\tbase.metrics.b.gauge\tx\t100\n"
                + "h\tbase.warn.traffic\tfailed to exec ip link\t100\n";
        DecodedBatch b = LineCodec.decodeBatch(batch);
        assertThat(b.samples()).hasSize(1);
        assertThat(b.meta()).hasSize(1);
        assertThat(b.warnings()).hasSize(1);
        assertThat(b.skipped()).isEqualTo(1);
        assertThat(b.rejected()).extracting(RejectedLine::lineNumber).containsExactly(2, 5);
        assertThat(b.rejected().get(0).toString()).startsWith("line 2: expected 4 tab-separated columns");
    }

    @Test
    void decodesTheSeedReadmeSampleExceptItsThreeMistypedLines() throws IOException {
        String sample;
        try (InputStream in = getClass().getResourceAsStream("/seed-readme-sample.tsv")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The README omits the address column; an agent writes its own address first.
        String batch = sample.lines().map(l -> "192.168.51.10\t" + l).collect(Collectors.joining("\n", "", "\n"));
        DecodedBatch b = LineCodec.decodeBatch(batch);
        assertThat(b.samples()).hasSize(37);
        assertThat(b.meta()).hasSize(6);
        assertThat(b.rejected()).hasSize(3).allSatisfy(r -> {
            assertThat(r.line()).contains("write-sectors.device");
            assertThat(r.reason()).contains("has no type");
        });
        assertThat(b.samples()).filteredOn(s -> s.key().name().equals("cpu-idle"))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.value()).isEqualTo(5689557);
                    assertThat(s.key().type()).isEqualTo(DataSourceType.DERIVE);
                    assertThat(s.timestamp()).isEqualTo(1404873350L);
                });
        assertThat(b.meta()).filteredOn(m -> m.key().equals("version")).singleElement()
                .satisfies(m -> assertThat(m.value()).startsWith("Linux version 2.6.32-431.el6.x86_64 (mockbuild@"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "192.168.51.10\tbase.metrics.cpu-user.derive\t44682\t1404873350",
        "192.168.51.10\thttp%3A80.metrics.busy.gauge\t5\t1404873353",
        "192.168.51.10\tbase.metrics.loadavg-1.gauge\t0.25\t1404873350",
        "192.168.51.10\tbase.metrics.x.gauge\tU\t1404873350",
        "192.168.51.10\tbase.meta.traffic-interfaces\teth0,eth1\t1404873350",
        "192.168.51.10\tprocess.warn.command\tfailed to exec plugin:process: exit_code: 1\t1404873350",
        "192.168.51.10\tnginx%3A8080%3A%2Fnginx_status.metrics.reqs.derive\t12\t1404873350",
    })
    void encodingADecodedLineGivesTheSameLine(String line) {
        assertThat(LineCodec.encode(decoded(line))).isEqualTo(line);
    }

    @Test
    void encodingKeepsTextValuesOnOneLine() {
        Warning w = new Warning("h", PluginRef.of("mysql"), "command", "line one\nline two\tend\r", 5);
        String line = LineCodec.encode(w);
        assertThat(line).isEqualTo("h\tmysql.warn.command\tline one line two end\t5");
        assertThat(LineCodec.decode(line)).isInstanceOf(LineResult.Decoded.class);
    }

    @Test
    void anEncodedBatchDecodesToTheSameObservations() {
        List<io.kurado.api.Observation> in = List.of(
                new Sample("10.0.0.1", PluginRef.of("http", "80"), MetricKey.of("reqs.derive"), 123456789, 1000),
                new Sample("10.0.0.1", PluginRef.of("base"), MetricKey.of("loadavg-1.gauge"), 0.125, 1000),
                new Meta("10.0.0.1", PluginRef.of("base"), "uptime", "57649", 1000),
                new Warning("10.0.0.1", PluginRef.of("base"), "traffic", "no interfaces", 1000));
        String batch = LineCodec.encodeBatch(in);
        assertThat(batch).endsWith("\n");
        assertThat(LineCodec.decodeBatch(batch).observations()).isEqualTo(in);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "0.5, 0.5", "-3, -3", "1.0E20, 1.0E20", "12345678901234, 12345678901234"})
    void formatsValuesCompactly(double value, String text) {
        assertThat(LineCodec.formatValue(value)).isEqualTo(text);
    }

    @Test
    void formatsUnknownAsU() {
        assertThat(LineCodec.formatValue(Double.NaN)).isEqualTo("U");
    }

    private static io.kurado.api.Observation decoded(String line) {
        LineResult r = LineCodec.decode(line);
        assertThat(r).isInstanceOf(LineResult.Decoded.class);
        return ((LineResult.Decoded) r).observation();
    }
}
