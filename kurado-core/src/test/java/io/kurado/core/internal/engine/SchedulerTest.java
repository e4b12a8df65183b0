package io.kurado.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.PluginRef;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.api.queue.Topic;
import io.kurado.core.memory.InMemoryCoordination;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerTest {
    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T10:00:03Z"));
    final Fakes.ListQueue queue = new Fakes.ListQueue();
    final EngineCounters counters = new EngineCounters();
    final InMemoryCoordination coordination = new InMemoryCoordination(clock);
    int nodes;
    final PluginRegistry registry = PluginRegistry.builder().fetcher(new Named("http")).fetcher(new Named("mysql")).build();

    Scheduler scheduler() {
        var cfg = Fakes.config(dir, List.of(PluginRef.of("base"), PluginRef.of("http", "80"), PluginRef.of("mysql")), "10.0.0.1", "10.0.0.2");
        return new Scheduler(cfg, registry, queue, coordination, "node-" + (++nodes), clock, Duration.ofSeconds(3), counters);
    }

    @Test
    void enqueuesOneJobPerHostAndPulledPluginWithTheRawIdentifier() {
        assertThat(scheduler().runRound()).isEqualTo(4);
        assertThat(queue.drain(Topic.FETCH)).containsExactly(
                "10.0.0.1\thttp:80", "10.0.0.1\tmysql", "10.0.0.2\thttp:80", "10.0.0.2\tmysql");
        assertThat(counters.snapshot(0, 0).lastRoundJobs()).isEqualTo(4);
    }

    @Test
    void skipsARoundWhileThePreviousOneIsStillWaiting() {
        Scheduler s = scheduler();
        s.runRound();
        clock.advance(Duration.ofMinutes(1));
        assertThat(s.runRound()).isZero();
        assertThat(queue.depth(Topic.FETCH)).isEqualTo(4);
        assertThat(counters.snapshot(0, 0).roundsSkipped()).isEqualTo(1);
        queue.drain(Topic.FETCH);
        clock.advance(Duration.ofMinutes(1));
        assertThat(s.runRound()).isEqualTo(4);
    }

    @Test
    void twoSchedulersSharingACoordinationScheduleEachMinuteOnce() {
        Scheduler a = scheduler();
        Scheduler b = scheduler();
        assertThat(a.runRound() + b.runRound()).isEqualTo(4);
        queue.drain(Topic.FETCH);
        clock.advance(Duration.ofMinutes(1));
        assertThat(b.runRound() + a.runRound()).isEqualTo(4);
    }

    private record Named(String id) implements MetricsFetcher {
        @Override
        public FetchResult fetch(FetchContext context) {
            return context.result().build();
        }
    }
}
