package io.kurado.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.Kurado;
import io.kurado.core.config.AlertsConfig;
import io.kurado.core.engine.Role;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.memory.InMemoryQueue;
import io.kurado.core.memory.InMemoryStorage;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testkit.Await;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The alerts role in an engine: installed, not among the defaults, started and stopped with its threads. */
class AlertsRoleTest {
    private static List<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("kurado-alerts")).toList();
    }

    @Test
    void theEngineRunsTheAlertsRoleOnlyWhenAskedAndStopsItsThreads() throws Exception {
        InstantSource clock = InstantSource.system();
        assertThat(Role.DEFAULTS).doesNotContain(AlertsRole.ROLE);
        assertThat(Kurado.installedRoles(PluginRegistry.builder().build())).contains("alerts");
        Kurado kurado = Kurado.builder().config(AlertRunnerTest.config(3, AlertsConfig.NONE))
                .registry(PluginRegistry.builder().viewer(AlertRunnerTest.diskViewer()).build())
                .roles(Set.of(AlertsRole.ROLE)).storage(new InMemoryStorage()).queue(new InMemoryQueue(100, clock))
                .metaStore(new InMemoryMetaStore(clock, ZoneId.of("UTC"))).clock(clock).nodeName("t").build();
        try (kurado) {
            kurado.start();
            assertThat(threads()).contains("kurado-alerts", "kurado-alerts-delivery");
        }
        Await.until("the alerts' threads end", () -> threads().isEmpty());
    }
}
