package io.kurado.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.storage.SeriesRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RrdLayoutTest {
    private static final MetricKey KEY = MetricKey.of("a.gauge");
    private static final long NOW = 1_700_000_000L - 1_700_000_000L % 60;

    @TempDir
    Path data;

    private Path file(String address) {
        return RrdLayout.file(data, address, "base", KEY);
    }

    @Test
    void addressesThatDifferOnlyByPercentEscapingHaveFilesOfTheirOwn() {
        List<String> addresses = List.of("a/b", "a%2Fb", "a%252Fb", "a%", "a%25", "..", "%2E%2E", "x\ty", "x%09y", "c\\d", "c%5Cd");
        Set<Path> files = addresses.stream().map(this::file).collect(Collectors.toSet());
        assertThat(files).hasSize(addresses.size()).allSatisfy(p -> assertThat(p.getParent().getParent().getParent()).isEqualTo(data));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.51.10", "db-1.example.com", "fe80::1", "[::1]:8080", "h\u00f6st"})
    void anAddressWithoutPercentOrUnsafeCharactersIsItsOwnDirectoryName(String address) {
        assertThat(file(address)).isEqualTo(data.resolve(address).resolve("base").resolve("a.gauge.rrd"));
    }

    @Test
    void aHostsDirectoryHoldsEveryFileOfItAndNoOtherHostsFiles() throws Exception {
        List<String> addresses = List.of("10.0.0.1", "a/b", "a%2Fb", "fe80::1%eth0", "..");
        Set<Path> dirs = addresses.stream().map(a -> RrdLayout.hostDir(data, a)).collect(Collectors.toSet());
        assertThat(dirs).hasSize(addresses.size());
        for (String a : addresses) {
            Path dir = RrdLayout.hostDir(data, a);
            assertThat(dir.getParent()).isEqualTo(data.toAbsolutePath().normalize());
            assertThat(file(a)).startsWithRaw(dir);
        }
        Files.createDirectories(data.resolve("fe80::1%eth0/base"));
        assertThat(RrdLayout.hostDir(data, "fe80::1%eth0")).isEqualTo(data.resolve("fe80::1%eth0"));
        assertThat(file("fe80::1%eth0")).startsWithRaw(RrdLayout.hostDir(data, "fe80::1%eth0"));
    }

    @Test
    void aPercentInAnAddressIsEscaped() {
        assertThat(file("fe80::1%eth0")).isEqualTo(data.resolve("fe80::1%25eth0/base/a.gauge.rrd"));
        assertThat(file("a/b")).isEqualTo(data.resolve("a%2Fb/base/a.gauge.rrd"));
        assertThat(file("a%2Fb")).isEqualTo(data.resolve("a%252Fb/base/a.gauge.rrd"));
    }

    @Test
    void aDirectoryTheOriginalWroteForAnAddressWithAPercentIsStillReadAndWritten() throws Exception {
        // the original used the address as the directory name, as it is
        Path original = data.resolve("fe80::1%eth0/base");
        Files.createDirectories(original);
        try (RrdStorage s = new RrdStorage(data, RrdStorageOptions.defaults(() -> Instant.ofEpochSecond(NOW)))) {
            Sample first = new Sample("other", PluginRef.of("base"), KEY, 1, NOW + 60);
            s.write(List.of(first));
            s.flush();
            Files.move(data.resolve("other/base/a.gauge.rrd"), original.resolve("a.gauge.rrd"));
            SeriesRef series = new SeriesRef("fe80::1%eth0", "base", KEY);

            assertThat(s.fileOf(series)).isEqualTo(original.resolve("a.gauge.rrd"));
            assertThat(s.lastUpdate(series)).isEqualTo(OptionalLong.of(NOW + 60));
            s.write(List.of(new Sample("fe80::1%eth0", PluginRef.of("base"), KEY, 2, NOW + 120),
                    new Sample("fe80::1%eth0", PluginRef.of("base"), MetricKey.of("b.gauge"), 2, NOW + 120)));
            assertThat(s.lastUpdate(series)).isEqualTo(OptionalLong.of(NOW + 120));
        }
        assertThat(original.resolve("b.gauge.rrd")).as("new series of that host join its directory").isRegularFile();
        assertThat(data.resolve("fe80::1%25eth0")).doesNotExist();
    }

    @Test
    void anOldDirectoryThatIsAlsoTheEscapedNameOfAnotherAddressBelongsToThatAddress() throws Exception {
        // "a%2Fb" is what "a/b" maps to; it never stands for the address "a%2Fb"
        Files.createDirectories(data.resolve("a%2Fb/base"));
        assertThat(file("a%2Fb")).isEqualTo(data.resolve("a%252Fb/base/a.gauge.rrd"));
        assertThat(file("a/b")).isEqualTo(data.resolve("a%2Fb/base/a.gauge.rrd"));
    }
}
