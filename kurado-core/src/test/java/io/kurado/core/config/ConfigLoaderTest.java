package io.kurado.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Set<String> INSTALLED = Set.of("base", "http", "memcached", "mysql");

    @TempDir
    Path tmp;

    @Test
    void loadsAConfigurationInTheOriginalFormat() {
        Path file = fixture("sample/kurado.yml");
        KuradoConfig cfg = ConfigLoader.load(file, INSTALLED::contains);

        assertThat(cfg.services()).extracting(Service::name).containsExactly("admin", "new service", "社内サービス");
        assertThat(cfg.services()).extracting(Service::hostCount).containsExactly(2, 7, 2);
        assertThat(cfg.hosts()).hasSize(11);

        Path dir = file.getParent();
        Settings s = cfg.settings();
        assertThat(s.redis()).contains("127.0.0.1:6379");
        assertThat(s.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(s.rollsDir()).isEqualTo(dir.resolve("sample_rolls"));
        assertThat(s.pluginDirs()).containsExactly(dir.resolve("metrics_plugins"), dir.resolve("metrics_site_plugins"));
        assertThat(s.updateWorkers()).isEqualTo(2);
        assertThat(s.listen().getPort()).isEqualTo(5434);
        assertThat(s.fetchTimeout()).hasSeconds(30);
    }

    @Test
    void unlabelledEntriesJoinThePreviousSection() {
        KuradoConfig cfg = ConfigLoader.load(fixture("sample/kurado.yml"), INSTALLED::contains);
        Service svc = cfg.service("new service").orElseThrow();
        assertThat(svc.sections()).extracting(Section::label).containsExactly("www", "db", "batch");
        assertThat(svc.sections().get(0).hosts()).extracting(HostEntry::address)
                .containsExactly("192.168.51.10", "192.168.51.11", "192.168.51.12");
        HostEntry www3 = cfg.host("192.168.51.12").orElseThrow();
        assertThat(www3.roll().name()).isEqualTo("httpd_memcached.yml");
        assertThat(www3.section()).isEqualTo("www");
        assertThat(www3.plugins()).containsExactly(
                PluginRef.of("base"), PluginRef.of("http", "80", "/server-status?auto", "www.example.com"),
                PluginRef.of("memcached", "11211"));
    }

    @Test
    void parsesHostLinesAndKeepsUtf8() {
        KuradoConfig cfg = ConfigLoader.load(fixture("sample/kurado.yml"), INSTALLED::contains);
        assertThat(cfg.host("192.168.51.11").orElseThrow().host())
                .isEqualTo(new Host("192.168.51.11", "www2", "frontend  (rack 3)"));
        assertThat(cfg.host("192.168.51.22").orElseThrow().host().hostname()).isEqualTo("192.168.51.22");
        HostEntry dev1 = cfg.host("192.168.53.10").orElseThrow();
        assertThat(dev1.service()).isEqualTo("社内サービス");
        assertThat(dev1.section()).isEqualTo("開発");
        assertThat(dev1.host().comments()).isEqualTo("開発用サーバ");
    }

    @Test
    void mergesTheRollsMetricsConfigOverTheGlobalOne() {
        KuradoConfig cfg = ConfigLoader.load(fixture("sample/kurado.yml"), INSTALLED::contains);
        Map<String, Object> db = cfg.host("192.168.51.20").orElseThrow().metricsConfig();
        assertThat(db).containsEntry("MySQL", Map.of("user", "kurado", "password", "secret")).containsEntry("timeout", 10L);
        Map<String, Object> web = cfg.host("192.168.51.10").orElseThrow().metricsConfig();
        assertThat(web).containsEntry("MySQL", Map.of("user", "root", "password", ""));
    }

    @Test
    void reportsEveryProblemAtOnceWithFileAndLine() {
        Path file = fixture("broken/kurado.yml");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, INSTALLED::contains));
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString).anySatisfy(p -> assertThat(p).endsWith("kurado.yml:3: 'update_worker' must be a whole number from 1 to 10000, not '0'"))
                .anySatisfy(p -> assertThat(p).endsWith("kurado.yml:4: 'fetch_worker' must be a whole number from 1 to 10000, not 'many'"))
                .anySatisfy(p -> assertThat(p).contains("kurado.yml:5: 'listen': port 99999"))
                .anySatisfy(p -> assertThat(p).endsWith("kurado.yml:6: 'metrics_config' must be a mapping, not a list"))
                .anySatisfy(p -> assertThat(p).endsWith("kurado.yml:16: duplicated label 'front' in service 'web'"))
                .anySatisfy(p -> assertThat(p).contains("kurado.yml:18: duplicated host address 10.0.0.1 in '10.0.0.1 web1-again' (first at kurado.yml:13)"))
                .anySatisfy(p -> assertThat(p).endsWith("kurado.yml:19: cannot find 'roll' in an entry of 'servers' in service 'web'"))
                .anySatisfy(p -> assertThat(p).contains("kurado.yml:22: roll file 'missing.yml' not found"))
                .anySatisfy(p -> assertThat(p).contains("duplicated service 'web' (first at line 8)"))
                .anySatisfy(p -> assertThat(p).contains("there is no 'service' name in document 4"))
                .anySatisfy(p -> assertThat(p).contains("document 5 must be a mapping"))
                .anySatisfy(p -> assertThat(p).endsWith("bad-plugin.yml:3: could not find plugin 'nosuchplugin': no installed fetcher or viewer has this id"))
                .anySatisfy(p -> assertThat(p).endsWith("bad-plugin.yml:4: cannot find plugin name in ':80'"))
                .anySatisfy(p -> assertThat(p).contains("cannot find address in ' 10.0.0.20 leading-space'"));
        assertThat(e.problems()).hasSize(14);
        assertThat(e.getMessage()).startsWith("14 problems in the configuration:");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() throws IOException {
        Path file = write("kurado.yml", "config:\n  data_dir: data\n  redis: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kurado.yml:").hasMessageContaining("YAML syntax error");
    }

    @Test
    void requiresAConfigDocument() throws IOException {
        Path file = write("kurado.yml", "metrics_config: {}\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageContaining("kurado.yml:1: there is no 'config' in the first document");
    }

    @Test
    void reportsAMissingFile() {
        assertThatThrownBy(() -> ConfigLoader.load(tmp.resolve("nope.yml"))).hasMessageContaining("configuration file not found");
    }

    @Test
    void refusesYamlTagsThatWouldConstructObjects() throws IOException {
        Path file = write("kurado.yml", "config:\n  data_dir: !!javax.script.ScriptEngineManager [x]\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kurado.yml:2:").hasMessageContaining("Global tag is not allowed");
    }

    @Test
    void aMinimalConfigGetsTheOriginalDefaultsAndNoRedis() throws IOException {
        Path file = write("kurado.yml", "config: {}\n---\nservice: s\nservers:\n  - roll: r.yml\n    hosts: [10.1.1.1]\n---\n");
        Files.createDirectories(tmp.resolve("sample_rolls"));
        Files.writeString(tmp.resolve("sample_rolls/r.yml"), "metrics: [base]\n");
        KuradoConfig cfg = ConfigLoader.load(file);
        assertThat(cfg.settings().redis()).isEmpty();
        assertThat(cfg.settings().dataDir()).isEqualTo(tmp.resolve("data"));
        assertThat(cfg.settings().webWorkers()).isEqualTo(5);
        assertThat(cfg.settings().fetchWorkers()).isEqualTo(2);
        assertThat(cfg.hosts()).singleElement().satisfies(h -> assertThat(h.plugins()).containsExactly(PluginRef.of("base")));
    }

    @Test
    void keepsAbsolutePathsAndTheNewSettings() throws IOException {
        Path data = tmp.resolve("elsewhere");
        Path file = write("kurado.yml", "config:\n  data_dir: " + data + "\n  listen: 127.0.0.1:8080\n  fetch_timeout: 10\n");
        KuradoConfig cfg = ConfigLoader.load(file);
        assertThat(cfg.settings().dataDir()).isEqualTo(data);
        assertThat(cfg.settings().listen().getHostString()).isEqualTo("127.0.0.1");
        assertThat(cfg.settings().listen().getPort()).isEqualTo(8080);
        assertThat(cfg.settings().fetchTimeout()).hasSeconds(10);
    }

    @Test
    void readsTheIngestLimitsAndDefaultsThem() throws IOException {
        assertThat(ConfigLoader.load(write("kurado.yml", "config: {}\n")).settings().ingest())
                .isEqualTo(IngestLimits.DEFAULT);
        KuradoConfig cfg = ConfigLoader.load(write("kurado.yml",
                "config:\n  max_batch_bytes: 65536\n  max_line_bytes: 1024\n  max_future_seconds: 120\n"));
        assertThat(cfg.settings().ingest()).isEqualTo(new IngestLimits(65536, 1024, java.time.Duration.ofMinutes(2)));
    }

    @Test
    void readsTheWebLimitsAndDefaultsThem() throws IOException {
        assertThat(ConfigLoader.load(write("kurado.yml", "config: {}\n")).settings().web()).isEqualTo(WebLimits.DEFAULT);
        KuradoConfig cfg = ConfigLoader.load(write("kurado.yml",
                "config:\n  max_graph_days: 400\n  max_graph_width: 2000\n  max_graph_points: 50000\n  graph_worker: 3\n"));
        assertThat(cfg.settings().web()).isEqualTo(new WebLimits(java.time.Duration.ofDays(400), 2000, 50_000, 3));
    }

    @Test
    void readsTheRequestDeadlineAndTheConnectionBoundAndChecksThem() throws IOException {
        KuradoConfig cfg = ConfigLoader.load(write("kurado.yml", "config:\n  web_request_seconds: 3\n  web_connections_per_address: 200\n"));
        assertThat(cfg.settings().web().requestDeadline()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(cfg.settings().web().connectionsPerAddress()).isEqualTo(200);

        Path file = write("kurado.yml", "config:\n  web_request_seconds: 0\n  web_connections_per_address: lots\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2: 'web_request_seconds' must be a whole number from 1 to 3600, not '0'")
                .hasMessageContaining(":3: 'web_connections_per_address' must be a whole number from 1 to 100000, not 'lots'");
    }

    @Test
    void reportsIngestLimitsOutOfRange() throws IOException {
        Path file = write("kurado.yml", "config:\n  max_batch_bytes: 10\n  max_future_seconds: -5\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2: 'max_batch_bytes' must be a whole number from 1024 to 1073741824, not '10'")
                .hasMessageContaining(":3: 'max_future_seconds' must be a whole number from 1 to 2592000, not '-5'");
    }

    @Test
    void withoutAClusterMappingTheServerRunsAlone() throws IOException {
        KuradoConfig cfg = ConfigLoader.load(write("kurado.yml", "config:\n  node_id: web-1\n"));
        assertThat(cfg.cluster().enabled()).isFalse();
        assertThat(cfg.cluster().nodeId()).contains("web-1");
        assertThat(ConfigLoader.load(write("kurado.yml", "config: {}\n")).cluster()).isEqualTo(ClusterSettings.NONE);
    }

    @Test
    void readsTheClusterSettingsAndDefaultsThem() throws IOException {
        KuradoConfig cfg = ConfigLoader.load(write("kurado.yml", "config:\n  node_id: kurado-a\n  advertise_url: http://10.0.0.2:5434\n"
                + "  cluster:\n    replicas: 2\n    shard_backlog: 500\n    settle_seconds: 3\n"));
        ClusterSettings c = cfg.cluster();
        assertThat(c.enabled()).isTrue();
        assertThat(c.nodeId()).contains("kurado-a");
        assertThat(c.advertiseUrl()).contains(java.net.URI.create("http://10.0.0.2:5434/"));
        assertThat(c.shards()).isEqualTo(64);
        assertThat(c.replicas()).isEqualTo(2);
        assertThat(c.shardBacklog()).isEqualTo(500);
        assertThat(c.settle()).isEqualTo(Duration.ofSeconds(3));
        ClusterSettings empty = ConfigLoader.load(write("kurado.yml", "config:\n  cluster:\n")).cluster();
        assertThat(empty.enabled()).isTrue();
        assertThat(empty.shards()).isEqualTo(64);
        assertThat(empty.advertiseUrlOr(Settings.parseListen("0.0.0.0:5434"), "box1")).isEqualTo(java.net.URI.create("http://box1:5434/"));
    }

    @Test
    void reportsClusterSettingsThatCannotBeWithTheirLine() throws IOException {
        Path file = write("kurado.yml", "config:\n  node_id: -bad id\n  advertise_url: ftp://x\n  cluster:\n    replicas: 3\n"
                + "    shard: 8\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2: 'node_id': node id '-bad id' must be 1 to 63 letters")
                .hasMessageContaining(":3: 'advertise_url' must be the URL at which the other nodes reach this one")
                .hasMessageContaining(":5: 'replicas' must be a whole number from 1 to 2, not '3'")
                .hasMessageContaining(":6: unknown key 'shard' in 'cluster'; did you mean 'shards'?");
    }

    @Test
    void neverShowsTheRedisPassword() throws IOException {
        Path file = write("kurado.yml", "config:\n  redis: redis://:s3cret@10.0.0.5:6380/2\n");
        KuradoConfig cfg = ConfigLoader.load(file);
        assertThat(cfg.settings().redis()).contains("redis://:s3cret@10.0.0.5:6380/2");
        assertThat(cfg.settings().toString()).doesNotContain("s3cret").contains("redis://:***@10.0.0.5:6380/2");
        assertThat(cfg.toString()).doesNotContain("s3cret");
    }

    @Test
    void anUnknownPluginThatIsAPerlPluginOfTheOriginalSaysSo() throws IOException {
        Files.createDirectories(tmp.resolve("rolls"));
        Files.createDirectories(tmp.resolve("metrics_site_plugins/fetch"));
        Files.writeString(tmp.resolve("metrics_site_plugins/fetch/foo.pl"), "#!/usr/bin/perl\n");
        Files.writeString(tmp.resolve("rolls/r.yml"), "metrics:\n  - base\n  - foo:1\n  - bar\n");
        Path file = write("kurado.yml", "config:\n  rolls_dir: rolls\n---\nservice: s\nservers:\n  - roll: r.yml\n    hosts: [10.0.0.1]\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, INSTALLED::contains));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                tmp.resolve("rolls/r.yml") + ":3: could not find plugin 'foo': no installed fetcher or viewer has this id; "
                        + tmp.resolve("metrics_site_plugins/fetch/foo.pl") + " is a Perl plugin of the original Kurado, which this"
                        + " server does not run: write it as a Java plugin (README, 'Writing a plugin')",
                tmp.resolve("rolls/r.yml") + ":4: could not find plugin 'bar': no installed fetcher or viewer has this id");
    }

    @Test
    void aMistypedSettingIsIgnoredWithAWarningThatNamesTheNearestKnownOne() throws IOException {
        Path file = write("kurado.yml", "config:\n  rolls_dir: .\n  data_dri: data\n  fetch_wroker: 3\n  colour: blue\n");

        KuradoConfig cfg = ConfigLoader.load(file);

        assertThat(cfg.warnings()).extracting(ConfigProblem::toString).containsExactly(
                file + ":3: unknown setting 'data_dri' in 'config' is ignored; did you mean 'data_dir'?",
                file + ":4: unknown setting 'fetch_wroker' in 'config' is ignored; did you mean 'fetch_worker'?",
                file + ":5: unknown setting 'colour' in 'config' is ignored");
    }

    @Test
    void settingsThatTheProvidersReadAreNotReportedAsUnknown() throws IOException {
        Path file = write("kurado.yml", "config:\n  rolls_dir: .\n  node: web-1\n  storage: memory\n  rrd.samples_per_write: 5\n");

        KuradoConfig cfg = ConfigLoader.load(file);

        assertThat(cfg.warnings()).isEmpty();
        assertThat(cfg.settings().raw()).containsEntry("node", "web-1").containsEntry("storage", "memory");
    }

    @Test
    void aMistypedPluginNamesTheNearestInstalledOne() throws IOException {
        Files.createDirectories(tmp.resolve("rolls"));
        Files.writeString(tmp.resolve("rolls/r.yml"), "metrics:\n  - bsae\n  - memcahced:11211\n  - zzz\n");
        Path file = write("kurado.yml", "config:\n  rolls_dir: rolls\n---\nservice: s\nservers:\n  - roll: r.yml\n    hosts: [10.0.0.1]\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.loadWithPluginNames(file, dirs -> INSTALLED));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                tmp.resolve("rolls/r.yml") + ":2: could not find plugin 'bsae': no installed fetcher or viewer has this id; did you mean 'base'?",
                tmp.resolve("rolls/r.yml") + ":3: could not find plugin 'memcahced': no installed fetcher or viewer has this id;"
                        + " did you mean 'memcached'?",
                tmp.resolve("rolls/r.yml") + ":4: could not find plugin 'zzz': no installed fetcher or viewer has this id");
    }

    @Test
    void anIpv4AddressWithANumberAbove255IsAnErrorWithItsLine() throws IOException {
        Files.createDirectories(tmp.resolve("rolls"));
        Files.writeString(tmp.resolve("rolls/r.yml"), "metrics: [base]\n");
        Path file = write("kurado.yml", "config:\n  rolls_dir: rolls\n---\nservice: s\nservers:\n  - roll: r.yml\n    hosts:\n"
                + "      - 10.0.0.300 www1\n      - 10.0.0 www2\n      - 10.0.0.3 www3\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                file + ":8: host address '10.0.0.300' is not an IPv4 address: each of its four numbers must be from 0 to 255",
                file + ":9: host address '10.0.0' is not an IPv4 address: it needs four numbers separated by dots");
    }

    @Test
    void aHostListedByABareNameIsAcceptedWithAWarningThatSaysWhatToWrite() throws IOException {
        Files.createDirectories(tmp.resolve("rolls"));
        Files.writeString(tmp.resolve("rolls/r.yml"), "metrics: [base]\n");
        Path file = write("kurado.yml", "config:\n  rolls_dir: rolls\n---\nservice: s\nservers:\n  - roll: r.yml\n    hosts:\n"
                + "      - www3\n      - db1.example.com\n      - 2001:db8::1 v6\n      - localhost\n      - 192.0.2.7 www7\n");

        KuradoConfig cfg = ConfigLoader.load(file);

        assertThat(cfg.hosts()).extracting(HostEntry::address).containsExactly("www3", "db1.example.com", "2001:db8::1", "localhost", "192.0.2.7");
        assertThat(cfg.warnings()).extracting(ConfigProblem::toString).containsExactly(
                file + ":8: host address 'www3' is a bare name, not an IP address: if it is the host name, put the address before it"
                        + " (\"192.0.2.10 www3\"); agents report their hosts by IP address, so a host listed by name gets no agent"
                        + " data (fetchers look the name up)");
    }

    @Test
    void nearWordsAreOneOrTwoEditsApartAndFarOnesAreNotSuggested() {
        assertThat(DidYouMean.distance("data_dri", "data_dir")).isEqualTo(1);
        assertThat(DidYouMean.distance("bsae", "base")).isEqualTo(1);
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.nearest("redsi", Set.of("redis", "http"))).contains("redis");
        assertThat(DidYouMean.nearest("abc", Set.of("base", "http"))).isEmpty();
        assertThat(DidYouMean.nearest("base", Set.of("base"))).as("an exact word needs no suggestion").isEmpty();
    }

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static Path fixture(String name) {
        try {
            return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
