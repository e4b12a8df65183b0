package io.kurado.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.KuradoException;
import io.kurado.api.Sample;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.WriteResult;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Settings;
import io.kurado.core.engine.Role;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.memory.InMemoryQueue;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KuradoTest {
    @TempDir
    Path data;

    private final ManualClock clock = ManualClock.atEpochSecond(1_700_000_000L);

    /** A storage that only remembers whether it was closed. */
    private static class ClosableStorage implements Storage {
        volatile boolean closed;

        @Override
        public WriteResult write(List<Sample> samples) {
            return new WriteResult(samples.size(), 0, List.of());
        }

        @Override
        public OptionalLong lastUpdate(SeriesRef series) {
            return OptionalLong.empty();
        }

        @Override
        public Optional<SeriesData> read(SeriesQuery query) {
            return Optional.empty();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

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
        ClosableStorage storage = new ClosableStorage();
        Kurado kurado = Kurado.builder().config(config()).registry(PluginRegistry.builder().build())
                .storage(storage).queue(new InMemoryQueue(100, clock)).metaStore(new InMemoryMetaStore(clock, ZoneId.of("UTC")))
                .clock(clock).nodeName("t")
                .web(k -> {
                    throw new KuradoException("cannot listen on 127.0.0.1:5434: address already in use");
                })
                .build();
        assertThat(kurado.roles()).containsExactlyInAnyOrder(Role.values());

        assertThatThrownBy(kurado::start).isInstanceOf(KuradoException.class)
                .hasMessage("cannot listen on 127.0.0.1:5434: address already in use");

        assertThat(kurado.awaitTermination(Duration.ZERO)).as("closed").isTrue();
        assertThat(storage.closed).isTrue();
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
        ClosableStorage held = new ClosableStorage() {
            @Override
            public void openForWriting() {
                throw new KuradoException("another process writes into the data directory " + data);
            }
        };
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
}
