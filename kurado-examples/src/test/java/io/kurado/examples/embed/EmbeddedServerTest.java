package io.kurado.examples.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.kurado.api.KuradoException;
import io.kurado.core.Kurado;
import io.kurado.core.Providers;
import io.kurado.core.config.ConfigLoader;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.engine.Role;
import io.kurado.core.memory.InMemoryStorage;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testkit.Await;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServerTest {
    @TempDir
    Path dir;

    private Path config;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void writeAConfiguration() throws Exception {
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/base.yml"), "metrics: [base]\n");
        config = Files.writeString(dir.resolve("kurado.yml"), String.join("\n",
                "config:",
                "  data_dir: data",
                "  rolls_dir: rolls",
                "  listen: 127.0.0.1:0",
                "---",
                "service: shop",
                "servers:",
                "  - roll: base.yml",
                "    hosts:",
                "      - 10.0.0.1 web1 first front end",
                ""));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startsAllFourRolesOnTheConfigurationAndServesItsPages() throws Exception {
        try (Kurado kurado = EmbeddedServer.start(config)) {
            assertThat(kurado.roles()).containsExactlyInAnyOrderElementsOf(Role.DEFAULTS);
            String base = "http://127.0.0.1:" + kurado.webAddress().orElseThrow().getPort();

            HttpResponse<String> index = get(base + "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("shop", "web1", "href=\"server?address=10.0.0.1\"");
            assertThat(get(base + "/server?address=10.0.0.1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aWebPortInUseFailsTheStartWithOneLineAndLeavesNothingRunning() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = busy.getLocalPort();
            Files.writeString(config, Files.readString(config).replace("127.0.0.1:0", "127.0.0.1:" + port));

            assertThatThrownBy(() -> EmbeddedServer.start(config)).isInstanceOf(KuradoException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port + ": ")
                    .hasMessageNotContaining("\n");
        }
        // a main that fails to start must be able to exit: no engine thread may keep the JVM alive
        assertThat(engineThreads()).isEmpty();
    }

    private static List<String> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.matches("kurado-update-\\d+|kurado-fetch-consumer-.*")).toList();
    }

    @Test
    void mainBlocksUntilTheEngineIsClosedFromAnotherThread() throws Exception {
        AtomicReference<Kurado> engine = new AtomicReference<>();
        try (Kurado kurado = EmbeddedServer.start(config)) {
            engine.set(kurado);
            Thread waiter = new Thread(() -> {
                try {
                    kurado.awaitTermination();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-waiter");
            waiter.start();
            assertThat(kurado.awaitTermination(Duration.ofMillis(50))).isFalse();
            assertThat(waiter.isAlive()).isTrue();

            kurado.close();

            waiter.join(10_000);
            assertThat(waiter.isAlive()).isFalse();
            assertThat(kurado.awaitTermination(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void theUiMountedUnderAPathOfTheApplicationsServerLinksWithinIt() throws Exception {
        KuradoConfig cfg = ConfigLoader.load(config);
        PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
        InstantSource clock = InstantSource.system();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try (Kurado kurado = Kurado.builder().config(cfg).registry(plugins).clock(clock)
                .storage(Providers.storage(cfg, plugins, clock))
                .queue(Providers.queue(cfg, plugins, clock))
                .metaStore(Providers.metaStore(cfg, plugins, clock))
                .roles(Set.of(Role.SCHEDULER, Role.FETCH, Role.UPDATE))
                .build().start()) {
            MountedUi.mount(server, kurado);
            server.start();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();

            assertThat(get(base + "/").body()).contains("href=\"/kurado/\"");
            HttpResponse<String> bare = get(base + "/kurado?service=shop");
            assertThat(bare.statusCode()).isEqualTo(301);
            assertThat(bare.headers().firstValue("Location")).contains("/kurado/?service=shop");
            HttpResponse<String> index = get(base + "/kurado/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("web1", "href=\"server?address=10.0.0.1\"", "href=\"static/kurado.css?v=");
            assertThat(get(base + "/kurado/server?address=10.0.0.1").body()).contains("first front end");
            assertThat(get(base + "/kurado/static/kurado.css").statusCode()).isEqualTo(200);
            assertThat(get(base + "/kurado/api/host-status?address=10.0.0.1").body()).isEqualTo("{\"10.0.0.1\":2}");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anApplicationsOwnRoleRunsBesideTheChosenOnesAndStopsWithThem() throws Exception {
        KuradoConfig cfg = ConfigLoader.load(config);
        PluginRegistry plugins = PluginRegistry.builder().discover(getClass().getClassLoader())
                .roleProvider(new StatsLogRole(stats -> {})).build();
        InstantSource clock = InstantSource.system();
        Kurado.Builder b = Kurado.builder().config(cfg).registry(plugins).clock(clock).storage(new InMemoryStorage())
                .queue(Providers.queue(cfg, plugins, clock))
                .metaStore(Providers.metaStore(cfg, plugins, clock));
        assertThat(b.build().roles()).as("installed, not asked for").doesNotContain(Role.of("stats-log"));

        try (Kurado kurado = b.roles(Role.parse("scheduler,stats-log")).build().start()) {
            assertThat(kurado.roles()).containsExactlyInAnyOrder(Role.SCHEDULER, Role.of("stats-log"));
            assertThat(threadNamed("kurado-stats-log")).isTrue();
        }
        Await.until("the role's thread stops with the engine", () -> !threadNamed("kurado-stats-log"));
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(name));
    }
}
