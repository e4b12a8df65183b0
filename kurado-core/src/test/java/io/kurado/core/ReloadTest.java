package io.kurado.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.config.ConfigLoader;
import io.kurado.core.engine.ConfigReloads;
import io.kurado.core.engine.Role;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.memory.InMemoryQueue;
import io.kurado.core.memory.InMemoryStorage;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testing.ManualClock;
import io.kurado.core.testkit.RecordingMeters;
import io.kurado.core.web.KuradoWeb;
import io.kurado.core.web.WebRequest;
import io.kurado.core.web.WebResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running engine reads its configuration again: hosts come and go, a broken edit changes nothing. */
class ReloadTest {
    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.atEpochSecond(1_700_000_000L);

    private Path write(String listen, String... addresses) throws Exception {
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/base.yml"), "metrics: [base]\n");
        StringBuilder y = new StringBuilder("config:\n  data_dir: data\n  rolls_dir: rolls\n  listen: " + listen + "\n---\n"
                + "service: shop\nservers:\n  - roll: base.yml\n    hosts:\n");
        for (String a : addresses) {
            y.append("      - ").append(a).append(" host-").append(a.replace('.', '-')).append('\n');
        }
        return Files.writeString(dir.resolve("kurado.yml"), y.toString());
    }

    /** The plugin the rolls name, so that a reload checks names against the engine's plugins. */
    private static final class Base implements io.kurado.api.fetch.MetricsFetcher {
        @Override
        public String id() {
            return "base";
        }

        @Override
        public io.kurado.api.fetch.FetchResult fetch(io.kurado.api.fetch.FetchContext context) {
            throw new UnsupportedOperationException("not fetched here");
        }
    }

    private Kurado engine(Path file) {
        return Kurado.builder().config(ConfigLoader.load(file)).registry(PluginRegistry.builder().fetcher(new Base()).build()).clock(clock)
                .roles(Set.of(Role.SCHEDULER)).queue(new InMemoryQueue(100, clock)).nodeName("n").build();
    }

    private static String get(KuradoWeb web, String path) {
        WebResponse r = web.handler().handle(new WebRequest("GET", path, Map.of(), Map.of()));
        return r.bodyText();
    }

    @Test
    void theMetersTellEachReloadsOutcome() throws Exception {
        Path file = write("127.0.0.1:0", "10.0.0.1");
        RecordingMeters meters = new RecordingMeters();
        try (Kurado k = Kurado.builder().config(ConfigLoader.load(file)).registry(PluginRegistry.builder().fetcher(new Base()).build())
                .clock(clock).roles(Set.of(Role.SCHEDULER)).queue(new InMemoryQueue(100, clock)).nodeName("n").meters(meters).build()
                .start()) {
            assertThat(meters.gauge("kurado_config_last_reload_successful")).hasValue(1.0);
            assertThat(meters.gauge("kurado_config_last_reload_success_timestamp_seconds")).hasValue(1_700_000_000.0);
            assertThat(meters.gauge("kurado_hosts")).hasValue(1.0);

            clock.advance(java.time.Duration.ofSeconds(60));
            write("127.0.0.1:0", "10.0.0.1", "10.0.0.2");
            k.reload();
            Files.writeString(file, "config: [broken\n");
            k.reload();

            assertThat(meters.gauge("kurado_config_last_reload_successful")).hasValue(0.0);
            assertThat(meters.gauge("kurado_config_last_reload_success_timestamp_seconds")).hasValue(1_700_000_060.0);
            assertThat(meters.counter("kurado_config_reloads_total", "outcome", "success")).hasValue(1L);
            assertThat(meters.counter("kurado_config_reloads_total", "outcome", "failure")).hasValue(1L);
            assertThat(meters.gauge("kurado_hosts")).hasValue(2.0);
        }
    }

    @Test
    void anAddedHostIsInForceAtOnceAndARemovedOneIsGone() throws Exception {
        Path file = write("127.0.0.1:0", "10.0.0.1", "10.0.0.2");
        try (Kurado k = engine(file).start()) {
            KuradoWeb web = KuradoWeb.builder().config(k.config()).reloads(k.context().orElseThrow().configs(), false)
                    .metaStore(new InMemoryMetaStore(clock, ZoneId.of("UTC"))).storage(new InMemoryStorage()).clock(clock).build();
            String before = k.config().digest();
            assertThat(get(web, "/")).contains("host-10-0-0-1").doesNotContain("host-10-0-0-3");

            write("127.0.0.1:0", "10.0.0.1", "10.0.0.3");
            ConfigReloads.Outcome o = k.reload();

            assertThat(o.applied()).isTrue();
            assertThat(o.hostsAdded()).isEqualTo(1);
            assertThat(o.hostsRemoved()).isEqualTo(1);
            assertThat(o.restartNeeded()).isEmpty();
            assertThat(k.config().hosts()).extracting(h -> h.address()).containsExactly("10.0.0.1", "10.0.0.3");
            assertThat(k.context().orElseThrow().config().digest()).isEqualTo(k.config().digest()).isNotEqualTo(before);
            assertThat(get(web, "/")).as("the index of the same web UI").contains("host-10-0-0-3").doesNotContain("host-10-0-0-2");
            assertThat(get(web, "/api/status")).contains("\"config_reloads\":1", "\"config_last_reload_successful\":\"true\"",
                    "\"config_digest\":\"" + k.config().digest() + "\"");
        }
    }

    @Test
    void aBrokenEditKeepsTheConfigurationInForceAndSaysWhereItIsBroken() throws Exception {
        Path file = write("127.0.0.1:0", "10.0.0.1");
        try (Kurado k = engine(file).start()) {
            String digest = k.config().digest();
            Files.writeString(file, Files.readString(file) + "      - 10.0.0.999 bad\n");

            ConfigReloads.Outcome o = k.reload();

            assertThat(o.applied()).isFalse();
            assertThat(o.problem()).hasValueSatisfying(p -> assertThat(p).contains("kurado.yml:11:", "10.0.0.999").doesNotContain("base"));
            assertThat(k.config().hosts()).extracting(h -> h.address()).containsExactly("10.0.0.1");
            assertThat(k.config().digest()).isEqualTo(digest);
            assertThat(k.reloads().failures()).isEqualTo(1);
            assertThat(k.reloads().lastSuccessful()).isFalse();

            write("127.0.0.1:0", "10.0.0.1", "10.0.0.2");
            assertThat(k.reload().applied()).as("the next good edit").isTrue();
            assertThat(k.reloads().lastSuccessful()).isTrue();
        }
    }

    @Test
    void aChangedSettingKeepsItsRunningValueAndIsNamedAsNeedingARestart() throws Exception {
        Path file = write("127.0.0.1:0", "10.0.0.1");
        try (Kurado k = engine(file).start()) {
            write("127.0.0.1:7777", "10.0.0.1", "10.0.0.2");

            ConfigReloads.Outcome o = k.reload();

            assertThat(o.applied()).isTrue();
            assertThat(o.restartNeeded()).containsExactly("listen");
            assertThat(o.describe()).contains("need a restart: listen");
            assertThat(k.config().settings().listen().getPort()).isZero();
            assertThat(k.config().hosts()).hasSize(2);
        }
    }

    @Test
    void theWebRolesAccessRulesChangeWithAReloadWithoutARestart() throws Exception {
        Path file = write("127.0.0.1:0", "10.0.0.1");
        try (Kurado k = Kurado.builder().config(ConfigLoader.load(file)).registry(PluginRegistry.builder().fetcher(new Base()).build())
                .clock(clock).roles(Set.of(Role.WEB)).storage(new InMemoryStorage())
                .metaStore(new InMemoryMetaStore(clock, ZoneId.of("UTC"))).nodeName("n").build().start()) {
            java.net.URI index = java.net.URI.create("http://127.0.0.1:" + k.webAddress().orElseThrow().getPort() + "/");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(index).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

            Files.writeString(file, Files.readString(file).replace("  listen: 127.0.0.1:0\n",
                    "  listen: 127.0.0.1:0\n  web:\n    allow: [10.9.9.0/24]\n"));
            ConfigReloads.Outcome o = k.reload();

            assertThat(o.applied()).as(o.describe()).isTrue();
            assertThat(o.restartNeeded()).as("access rules apply without a restart").isEmpty();
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(index).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(index.resolve("/-/healthy")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
    }
}
