package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.Topic;
import io.kurado.core.config.IngestLimits;
import io.kurado.core.internal.engine.EngineCounters;
import io.kurado.core.internal.engine.Updater;
import io.kurado.core.testkit.FaultyStorage;
import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.testkit.RedisServerProcess;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose storage refuses what it took gives it back through Redis instead of holding it in
 * its processing list: another server's consumer takes it, and the first does not spin.
 */
@ExtendWith(NoLettuceClientLeft.class)
class UpdaterGiveBackIT {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.program("redis-server");
    }

    @TempDir
    Path dir;

    @Test
    void batchesTheStorageRefusesGoBackToTheQueueForAnotherServer() throws Exception {
        String batch = "10.0.0.1\tbase.metrics.a.gauge\t1\t" + System.currentTimeMillis() / 1000 + "\n";
        FaultyStorage storage = new FaultyStorage();
        storage.refuseWrites("the storage refuses writes");
        EngineCounters counters = new EngineCounters();
        try (RedisServerProcess server = new RedisServerProcess(dir).start()) {
            io.lettuce.core.RedisURI target = RedisSetting.parse(server.address());
            try (RedisQueue queue = new RedisQueue(target, "give-back-it");
                    RedisMetaStore meta = new RedisMetaStore(target, InstantSource.system(), ZoneOffset.UTC)) {
                Updater refusing = new Updater(queue, storage, meta, InstantSource.system(), dir, counters,
                        IngestLimits.DEFAULT);
                refusing.start(1, "server-a");
                try (QueueConsumer other = queue.consumer(Topic.UPDATE, "server-b-update-1")) {
                    queue.push(Topic.UPDATE, List.of(batch));
                    await(() -> storage.refused() == Updater.WRITE_ATTEMPTS);
                    List<Delivery> taken = List.of();
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (taken.isEmpty() && System.nanoTime() < deadline) {
                        taken = other.poll(1, Duration.ofMillis(200));
                    }
                    assertThat(taken).extracting(Delivery::payload).containsExactly(batch);
                    other.ack(taken);
                    RedisClient client = RedisClient.create("redis://" + server.address());
                    try (var conn = client.connect()) {
                        assertThat(conn.sync().llen(RedisQueue.processingKey(Topic.UPDATE, "server-a-update-1")))
                                .as("nothing held by the server that cannot store it").isZero();
                        assertThat(conn.sync().llen(Topic.UPDATE.name())).isZero();
                    } finally {
                        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
                    }
                } finally {
                    refusing.close();
                }
                assertThat(storage.refused()).as("not taken again once another server has it").isEqualTo(Updater.WRITE_ATTEMPTS);
                assertThat(counters.snapshot(0, 0).batchesWritten()).isZero();
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
