package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.QueueException;
import io.kurado.api.queue.Topic;
import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.testkit.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis crash and restart in the middle of a stream of 10,000 batches: every batch the producer
 * was told was accepted reaches the consumer. Uses a redis-server of its own that writes every
 * command to its append-only file, as a production Redis holding a queue should.
 */
@ExtendWith(NoLettuceClientLeft.class)
class RedisRestartIT {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.program("redis-server");
    }

    private static final int BATCHES = 10_000;

    @TempDir
    Path dir;

    @Test
    void noAcceptedBatchIsLostAcrossARedisCrash() throws Exception {
        Topic topic = Topic.UPDATE;
        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        Set<Integer> received = ConcurrentHashMap.newKeySet();
        AtomicInteger refusals = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try (RedisServerProcess server = new RedisServerProcess(dir).start();
                RedisQueue producerSide = new RedisQueue(RedisSetting.parse(server.address()), "producer");
                RedisQueue consumerSide = new RedisQueue(RedisSetting.parse(server.address()), "consumer")) {
            Future<?> producer = ex.submit(() -> {
                for (int i = 0; i < BATCHES; i++) {
                    String batch = batch(i);
                    while (true) {
                        try {
                            producerSide.push(topic, List.of(batch));
                            accepted.add(i);
                            break;
                        } catch (QueueException e) {
                            refusals.incrementAndGet(); // told: not accepted; try again
                            Thread.sleep(20);
                        }
                    }
                }
                return null;
            });
            Future<?> consumer = ex.submit(() -> {
                try (QueueConsumer c = consumerSide.consumer(topic, "updater-1")) {
                    while (!stop.get()) {
                        List<Delivery> ds = c.poll(100, Duration.ofMillis(200));
                        for (Delivery d : ds) {
                            received.add(Integer.parseInt(d.payload().substring(0, d.payload().indexOf('\t'))));
                        }
                        c.ack(ds);
                    }
                }
                return null;
            });
            Await.until("3,000 messages are accepted", Duration.ofSeconds(60), () -> accepted.size() >= 3_000);
            server.crash();
            int acceptedAtCrash = accepted.size();
            server.start();
            producer.get(120, TimeUnit.SECONDS);
            Await.until("every accepted message is received", Duration.ofSeconds(60), () -> received.containsAll(accepted));
            stop.set(true);
            consumer.get(30, TimeUnit.SECONDS);
            assertThat(acceptedAtCrash).isLessThan(BATCHES);
            assertThat(accepted).hasSize(BATCHES);
            assertThat(received).containsAll(accepted);
            System.out.printf("restart IT: %d batches accepted, %d pushes refused during the outage%n",
                    accepted.size(), refusals.get());
        } finally {
            ex.shutdownNow();
        }
    }

    private static String batch(int i) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 45; k++) {
            sb.append(i).append('\t').append("base.metrics.m").append(k).append(".gauge\t").append(k).append('\t')
                    .append(1_409_818_801L).append('\n');
        }
        return sb.toString();
    }
}
