package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Sample;
import io.kurado.api.queue.Topic;
import io.kurado.core.config.IngestLimits;
import io.kurado.core.internal.engine.EngineCounters;
import io.kurado.core.internal.engine.Updater;
import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.FaultyStorage;
import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.testkit.RedisServerProcess;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis outage long enough for back-offs to grow (20 s), in the middle of a write: once Redis
 * is back, the batch that was being written and the next one pushed are written within seconds,
 * not after a back-off of tens of seconds (the Updater's own, or the Redis client's reconnect).
 */
@ExtendWith(NoLettuceClientLeft.class)
class UpdaterRedisOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    /** "Within a second or two", with room for a loaded machine. */
    private static final Duration PROMPT = Duration.ofSeconds(4);

    @BeforeAll
    static void prerequisites() {
        Prerequisites.program("redis-server");
    }

    @TempDir
    Path dir;

    @Test
    void writesResumeWithinSecondsOfRedisComingBack() throws Exception {
        long ts = System.currentTimeMillis() / 1000;
        EngineCounters counters = new EngineCounters();
        FaultyStorage storage = new FaultyStorage().holdWritesOf(s -> s.value() == 2);
        try (RedisServerProcess server = new RedisServerProcess(dir).start()) {
            io.lettuce.core.RedisURI target = RedisSetting.parse(server.address());
            try (RedisQueue queue = new RedisQueue(target, "outage-it");
                    RedisMetaStore meta = new RedisMetaStore(target, InstantSource.system(), ZoneOffset.UTC)) {
                Updater updater = new Updater(queue, storage, meta, InstantSource.system(), dir, counters,
                        IngestLimits.DEFAULT);
                updater.start(1, "outage-it");
                try {
                    push(server, "10.0.0.1\tbase.metrics.a.gauge\t1\t" + ts);
                    Await.until("the first batch is written", Duration.ofSeconds(30), () -> counters.snapshot(0, 0).batchesWritten() == 1);

                    push(server, "10.0.0.1\tbase.metrics.a.gauge\t2\t" + (ts + 60));
                    assertThat(storage.holding().await(30, TimeUnit.SECONDS)).isTrue();
                    server.crash(); // while the batch is being written: its meta write fails
                    storage.release();
                    Thread.sleep(OUTAGE.toMillis()); // the outage itself: what the test is about
                    server.start();
                    long back = System.nanoTime();

                    Await.until("the second batch is written", Duration.ofSeconds(60), () -> counters.snapshot(0, 0).batchesWritten() == 2);
                    Duration held = Duration.ofNanos(System.nanoTime() - back);
                    long pushed = System.nanoTime();
                    push(server, "10.0.0.1\tbase.metrics.a.gauge\t3\t" + (ts + 120));
                    Await.until("the third batch is written", Duration.ofSeconds(60), () -> counters.snapshot(0, 0).batchesWritten() == 3);
                    Duration next = Duration.ofNanos(System.nanoTime() - pushed);
                    System.out.printf("outage IT: after a %d s outage, the held batch was written %d ms after Redis"
                            + " returned, the next one %d ms after it was pushed%n", OUTAGE.toSeconds(), held.toMillis(),
                            next.toMillis());
                    assertThat(held).as("the batch held during the outage").isLessThan(PROMPT);
                    assertThat(next).as("the first batch pushed after the outage").isLessThan(PROMPT);
                    assertThat(storage.samples()).extracting(Sample::value).containsExactly(1.0, 2.0, 3.0);
                } finally {
                    updater.close();
                }
            }
        }
    }

    private static void push(RedisServerProcess server, String batch) {
        RedisClient client = RedisClient.create("redis://" + server.address());
        try (var conn = client.connect()) {
            conn.sync().rpush(Topic.UPDATE.name(), batch);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
