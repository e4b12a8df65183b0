package io.kurado.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.KuradoException;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Settings;
import io.kurado.core.engine.EngineContext;
import io.kurado.core.engine.Role;
import io.kurado.core.engine.RoleComponent;
import io.kurado.core.engine.RoleProvider;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.memory.InMemoryQueue;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testing.ManualClock;
import io.kurado.core.testkit.FaultyStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KuradoTest {
    @TempDir
    Path data;

    private final ManualClock clock = ManualClock.atEpochSecond(1_700_000_000L);

    private KuradoConfig config() {
        Settings settings = new Settings(Optional.empty(), data, data, List.of(), 1, 2, 1,
                Settings.parseListen("127.0.0.1:0"), Duration.ofSeconds(30), Map.of());
        return new KuradoConfig(data.resolve("kurado.yml"), settings, Map.of(), List.of(), Map.of());
    }

    private static List<String> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.matches("kurado-update-\\d+|kurado-fetch-consumer-.*")).toList();
    }

    @Test
    void aRoleThatCannotStartStopsTheRolesStartedBeforeItAndClosesTheEngine() throws Exception {
        FaultyStorage storage = new FaultyStorage();
        Kurado kurado = Kurado.builder().config(config()).registry(PluginRegistry.builder().build())
                .storage(storage).queue(new InMemoryQueue(100, clock)).metaStore(new InMemoryMetaStore(clock, ZoneId.of("UTC")))
                .clock(clock).nodeName("t")
                .role(new Recorded(Role.WEB, 400, new ArrayList<>()) {
                    @Override
                    public RoleComponent create(EngineContext context) {
                        throw new KuradoException("cannot listen on 127.0.0.1:5434: address already in use");
                    }
                })
                .build();
        assertThat(kurado.roles()).containsExactlyInAnyOrderElementsOf(Role.DEFAULTS);

        assertThatThrownBy(kurado::start).isInstanceOf(KuradoException.class)
                .hasMessage("cannot listen on 127.0.0.1:5434: address already in use");

        assertThat(kurado.awaitTermination(Duration.ZERO)).as("closed").isTrue();
        assertThat(storage.closed()).isTrue();
        assertThat(engineThreads()).as("update and fetch threads left running").isEmpty();
    }

    @Test
    void consumersAreNamedAfterTheHostAndTheDataDirectorySoThatARestartKeepsTheNameAndAnotherDirectoryDoesNot() {
        String a = Kurado.defaultNodeName(data.resolve("a"));
        assertThat(Kurado.defaultNodeName(data.resolve("a"))).isEqualTo(a);
        assertThat(Kurado.defaultNodeName(data.resolve("x/../a"))).isEqualTo(a);
        assertThat(Kurado.defaultNodeName(data.resolve("b"))).isNotEqualTo(a);
        assertThat(a).matches("[^\\s]+-[0-9a-f]{8}");
    }

    @Test
    void anUpdateRoleWhoseStorageHasAnotherWriterTakesNothingFromTheQueue() {
        InMemoryQueue queue = new InMemoryQueue();
        queue.push(io.kurado.api.queue.Topic.UPDATE, List.of("10.0.0.1\tbase.metrics.a.gauge\t1\t1700000000\n"));
        FaultyStorage held = new FaultyStorage().refuseToOpen("another process writes into the data directory " + data);
        Kurado k = Kurado.builder().config(config()).registry(PluginRegistry.builder().build()).clock(clock)
                .roles(java.util.Set.of(Role.UPDATE)).storage(held).queue(queue).metaStore(new InMemoryMetaStore(clock, ZoneId.of("UTC")))
                .closeResources(false).build();

        assertThatThrownBy(k::start).isInstanceOf(KuradoException.class).hasMessageContaining("another process writes");
        assertThat(queue.depth(io.kurado.api.queue.Topic.UPDATE)).as("the batch waits for the server that may write").isEqualTo(1);
    }

    @Test
    void twoFetchOnlyServersOfOneMachineHaveConsumersOfTheirOwnAndARestartTakesItsNameAgain() {
        Kurado.Builder b = Kurado.builder().config(config()).registry(PluginRegistry.builder().build()).clock(clock)
                .roles(java.util.Set.of(Role.FETCH)).queue(new InMemoryQueue(100, clock))
                .metaStore(new InMemoryMetaStore(clock, ZoneId.of("UTC"))).closeResources(false);
        String first;
        try (Kurado one = b.build().start(); Kurado two = b.build().start()) {
            first = one.nodeName();
            assertThat(first).isEqualTo(Kurado.defaultNodeName(config().settings().dataDir()) + "-f1");
            assertThat(two.nodeName()).isEqualTo(Kurado.defaultNodeName(config().settings().dataDir()) + "-f2");
        }
        try (Kurado again = b.build().start()) {
            assertThat(again.nodeName()).as("after a restart").isEqualTo(first);
        }
    }

    /** A role that records when it starts and stops. */
    private static class Recorded implements RoleProvider {
        final Role role;
        final int order;
        final List<String> events;

        Recorded(Role role, int order, List<String> events) {
            this.role = role;
            this.order = order;
            this.events = events;
        }

        @Override
        public Role role() {
            return role;
        }

        @Override
        public int startOrder() {
            return order;
        }

        @Override
        public Set<Need> needs() {
            return Set.of(Need.META_STORE);
        }

        @Override
        public RoleComponent create(EngineContext context) {
            events.add("create " + role + " on " + context.nodeName());
            return new RoleComponent() {
                @Override
                public void start() {
                    events.add("start " + role);
                }

                @Override
                public void close() {
                    events.add("close " + role);
                }
            };
        }
    }

    @Test
    void aRoleOfTheApplicationsRunsBesideTheChosenOnesInItsOrderAndIsClosedInReverse() {
        List<String> events = new ArrayList<>();
        Kurado k = Kurado.builder().config(config()).registry(PluginRegistry.builder().build()).clock(clock).nodeName("n1")
                .roles(Set.of(Role.FETCH)).queue(new InMemoryQueue(100, clock)).metaStore(new InMemoryMetaStore(clock, ZoneId.of("UTC")))
                .role(new Recorded(Role.of("alerts"), 150, events))
                .build();
        assertThat(k.roles()).containsExactlyInAnyOrder(Role.FETCH, Role.of("alerts"));
        k.start();
        assertThat(events).containsExactly("create alerts on n1", "start alerts");
        assertThat(engineThreads()).as("the fetch role runs").isNotEmpty();
        k.close();
        assertThat(events).endsWith("close alerts");
    }

    @Test
    void aRoleInstalledInTheRegistryRunsOnlyWhenAskedFor() {
        List<String> events = new ArrayList<>();
        PluginRegistry registry = PluginRegistry.builder().roleProvider(new Recorded(Role.of("alerts"), 500, events)).build();
        Kurado.Builder b = Kurado.builder().config(config()).registry(registry).clock(clock).nodeName("n1")
                .storage(new FaultyStorage()).queue(new InMemoryQueue(100, clock)).metaStore(new InMemoryMetaStore(clock, ZoneId.of("UTC")))
                .closeResources(false);

        assertThat(b.build().roles()).as("the default set does not grow").containsExactlyInAnyOrderElementsOf(Role.DEFAULTS);
        try (Kurado k = b.roles(Role.parse("update,alerts")).build().start()) {
            assertThat(events).containsExactly("create alerts on n1", "start alerts");
        }
        assertThat(events).endsWith("close alerts");
    }

    @Test
    void aRoleNobodyInstalledIsRefusedWithTheNamesOfThoseThatAre() {
        assertThatThrownBy(() -> Kurado.builder().config(config()).registry(PluginRegistry.builder().build())
                .roles(Role.parse("update,alerst")).storage(new FaultyStorage()).queue(new InMemoryQueue(100, clock))
                .metaStore(new InMemoryMetaStore(clock, ZoneId.of("UTC"))).build())
                .isInstanceOf(KuradoException.class)
                .hasMessage("no role 'alerst' is installed (installed: alerts, cluster, fetch, scheduler, update, web); add the module that provides it to the class path");
    }

    @Test
    void aRoleWithoutWhatItNeedsIsRefusedAtBuild() {
        assertThatThrownBy(() -> Kurado.builder().config(config()).registry(PluginRegistry.builder().build())
                .roles(Set.of(Role.UPDATE)).queue(new InMemoryQueue(100, clock)).metaStore(new InMemoryMetaStore(clock, ZoneId.of("UTC")))
                .build())
                .isInstanceOf(KuradoException.class)
                .hasMessage("the role update needs a storage; give one to the builder");
    }
}
