package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.PluginRef;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.api.queue.Topic;
import io.kurado.core.internal.engine.EngineCounters;
import io.kurado.core.internal.engine.Scheduler;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testing.ManualClock;
import io.kurado.core.testkit.Prerequisites;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two servers sharing one Redis: only one of them schedules each minute. */
@ExtendWith(NoLettuceClientLeft.class)
class SchedulerSharedRedisIT {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.redis();
    }

    @TempDir
    Path dir;

    record Named(String id) implements MetricsFetcher {
        @Override
        public FetchResult fetch(FetchContext context) {
            return FetchResult.builder(context.host().address(), context.plugin(), 0).build();
        }
    }

    @Test
    void twoSchedulersOnOneRedisEnqueueEachMinuteOnce() throws Exception {
        io.lettuce.core.RedisURI redis = RedisSetting.parse(Prerequisites.redisUri().toString());
        // a minute of its own, so that locks left by other runs on this Redis do not interfere
        long minute = 20_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 5_000_000L);
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(minute * 60 + 3));
        PluginRegistry registry = PluginRegistry.builder().fetcher(new Named("http")).build();
        var cfg = io.kurado.core.internal.engine.Fakes.config(dir, List.of(PluginRef.of("base"), PluginRef.of("http", "80")), "10.0.0.1", "10.0.0.2", "10.0.0.3");
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try (RedisQueue q1 = new RedisQueue(redis, "server-1"); RedisQueue q2 = new RedisQueue(redis, "server-2");
                RedisCoordination c1 = new RedisCoordination(redis, clock); RedisCoordination c2 = new RedisCoordination(redis, clock)) {
            var draining = q1.consumer(Topic.FETCH, "it-drain-" + UUID.randomUUID());
            while (!draining.poll(1000, Duration.ofMillis(10)).isEmpty()) {
                // empty what earlier runs left on kurado-fetch
            }
            Scheduler s1 = new Scheduler(cfg, registry, q1, c1, "server-1", clock, Duration.ofSeconds(3), new EngineCounters());
            Scheduler s2 = new Scheduler(cfg, registry, q2, c2, "server-2", clock, Duration.ofSeconds(3), new EngineCounters());
            for (int round = 0; round < 3; round++) {
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Integer> a = ex.submit(() -> {
                    together.await();
                    return s1.runRound();
                });
                Future<Integer> b = ex.submit(() -> {
                    together.await();
                    return s2.runRound();
                });
                int enqueued = a.get() + b.get();
                assertThat(enqueued).as("jobs enqueued in minute %d by both servers", round).isEqualTo(3);
                assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(0, 3);
                var ds = draining.poll(1000, Duration.ofSeconds(1));
                assertThat(ds).hasSize(3);
                draining.ack(ds);
                clock.advance(Duration.ofMinutes(1));
            }
            draining.close();
        } finally {
            ex.shutdownNow();
        }
    }
}
