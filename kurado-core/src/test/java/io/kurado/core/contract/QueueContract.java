package io.kurado.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Queue} implementation promises. A test class of an implementation extends this
 * and supplies {@link #newQueue()}; each test uses topics of its own.
 */
public abstract class QueueContract {
    /** Long enough never to be reached when a message is waiting. */
    protected static final Duration WAIT = Duration.ofSeconds(5);

    protected Queue queue;
    protected Topic topic;

    /** @return a new queue to test; closed after each test */
    protected abstract Queue newQueue();

    @BeforeEach
    void open() {
        queue = newQueue();
        topic = new Topic("contract-" + UUID.randomUUID());
    }

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    private static List<String> payloads(List<Delivery> ds) {
        return ds.stream().map(Delivery::payload).toList();
    }

    @Test
    void deliversInPushOrderAndTakesAtMostMax() throws Exception {
        queue.push(topic, List.of("a", "b", "c"));
        queue.push(topic, List.of("d"));
        try (QueueConsumer c = queue.consumer(topic, "c1")) {
            List<Delivery> first = c.poll(2, WAIT);
            assertThat(payloads(first)).containsExactly("a", "b");
            assertThat(first).allMatch(d -> d.topic().equals(topic));
            assertThat(payloads(c.poll(10, WAIT))).containsExactly("c", "d");
            c.ack(first);
        }
    }

    @Test
    void keepsMultiLinePayloadsIntact() throws Exception {
        String batch = "10.0.0.1\tbase.metrics.cpu-user.derive\t123\t1400000000\n"
                + "10.0.0.1\tbase.meta.uptime\t100\t1400000000\n\u65e5\u672c\u8a9e\t\t";
        queue.push(topic, List.of(batch));
        try (QueueConsumer c = queue.consumer(topic, "c1")) {
            assertThat(payloads(c.poll(1, WAIT))).containsExactly(batch);
        }
    }

    @Test
    void pollReturnsEmptyWhenNothingArrives() throws Exception {
        try (QueueConsumer c = queue.consumer(topic, "c1")) {
            assertThat(c.poll(5, Duration.ofMillis(50))).isEmpty();
        }
    }

    @Test
    void pollWakesUpWhenAMessageArrives() throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try (QueueConsumer c = queue.consumer(topic, "c1")) {
            CountDownLatch started = new CountDownLatch(1);
            Future<List<Delivery>> f = ex.submit(() -> {
                started.countDown();
                return c.poll(1, Duration.ofSeconds(4));
            });
            started.await();
            queue.push(topic, List.of("late"));
            assertThat(payloads(f.get(10, TimeUnit.SECONDS))).containsExactly("late");
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void unacknowledgedMessagesGoToTheNextConsumerOfTheSameName() throws Exception {
        queue.push(topic, List.of("a", "b", "c"));
        QueueConsumer dying = queue.consumer(topic, "worker-1");
        assertThat(payloads(dying.poll(2, WAIT))).containsExactly("a", "b");
        dying.close(); // dies before acknowledging
        try (QueueConsumer next = queue.consumer(topic, "worker-1")) {
            assertThat(payloads(next.poll(10, WAIT))).containsExactly("a", "b", "c");
        }
    }

    @Test
    void releasedMessagesGoBackToTheHeadOfTheQueueInOrderForAnyConsumer() throws Exception {
        queue.push(topic, List.of("a", "b", "c", "d"));
        try (QueueConsumer c = queue.consumer(topic, "c1"); QueueConsumer other = queue.consumer(topic, "c2")) {
            List<Delivery> taken = c.poll(3, WAIT);
            assertThat(payloads(taken)).containsExactly("a", "b", "c");
            c.release(taken);
            assertThat(queue.depth(topic)).isEqualTo(4);
            List<Delivery> again = other.poll(10, WAIT);
            assertThat(payloads(again)).containsExactly("a", "b", "c", "d");
            other.ack(again);
        }
        try (QueueConsumer c = queue.consumer(topic, "c1")) {
            assertThat(c.poll(10, Duration.ofMillis(50))).as("nothing left with the consumer that gave them back").isEmpty();
        }
    }

    @Test
    void acknowledgedMessagesAreNotDeliveredAgain() throws Exception {
        queue.push(topic, List.of("a", "b", "c"));
        QueueConsumer c = queue.consumer(topic, "worker-1");
        List<Delivery> taken = c.poll(3, WAIT);
        c.ack(taken.subList(0, 1));
        c.close();
        try (QueueConsumer next = queue.consumer(topic, "worker-1")) {
            assertThat(payloads(next.poll(10, WAIT))).containsExactly("b", "c");
        }
    }

    @Test
    void aMessageWhoseTextIsNotWellFormedIsAcknowledgedLikeAnyOther() throws Exception {
        queue.push(topic, List.of("lone surrogate \ud800 here", "b"));
        QueueConsumer c = queue.consumer(topic, "worker-1");
        c.ack(c.poll(2, WAIT));
        c.close();
        try (QueueConsumer next = queue.consumer(topic, "worker-1")) {
            assertThat(next.poll(10, Duration.ofMillis(50))).isEmpty();
        }
    }

    @Test
    void fullyAcknowledgedConsumerLeavesNothingBehind() throws Exception {
        queue.push(topic, List.of("a", "b"));
        QueueConsumer c = queue.consumer(topic, "worker-1");
        c.ack(c.poll(2, WAIT));
        c.close();
        try (QueueConsumer next = queue.consumer(topic, "worker-1")) {
            assertThat(next.poll(10, Duration.ofMillis(50))).isEmpty();
        }
        assertThat(queue.depth(topic)).isZero();
    }

    @Test
    void depthCountsWaitingMessagesOnly() throws Exception {
        assertThat(queue.depth(topic)).isZero();
        queue.push(topic, List.of("a", "b", "c"));
        assertThat(queue.depth(topic)).isEqualTo(3);
        try (QueueConsumer c = queue.consumer(topic, "c1")) {
            c.poll(2, WAIT);
            assertThat(queue.depth(topic)).isEqualTo(1);
        }
    }

    @Test
    void topicsAreSeparate() throws Exception {
        Topic other = new Topic(topic.name() + "-other");
        queue.push(other, List.of("x"));
        queue.push(topic, List.of("y"));
        try (QueueConsumer c = queue.consumer(topic, "c1")) {
            assertThat(payloads(c.poll(10, WAIT))).containsExactly("y");
        }
        assertThat(queue.depth(other)).isEqualTo(1);
    }

    @Test
    void concurrentProducersAndConsumersDeliverEveryMessageExactlyOnceWhenAcknowledged() throws Exception {
        int producers = 4;
        int each = 500;
        ExecutorService ex = Executors.newFixedThreadPool(producers + 2);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new ArrayList<>();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int pp = p;
                fs.add(ex.submit(() -> {
                    for (int i = 0; i < each; i += 10) {
                        int from = i;
                        queue.push(topic, IntStream.range(from, from + 10).mapToObj(n -> pp + ":" + n).toList());
                    }
                    return null;
                }));
            }
            CountDownLatch done = new CountDownLatch(1);
            for (int k = 0; k < 2; k++) {
                String name = "consumer-" + k;
                fs.add(ex.submit(() -> {
                    try (QueueConsumer c = queue.consumer(topic, name)) {
                        while (seen.size() < producers * each && done.getCount() > 0) {
                            List<Delivery> ds = c.poll(50, Duration.ofMillis(200));
                            for (Delivery d : ds) {
                                if (!seen.add(d.payload())) {
                                    synchronized (duplicates) {
                                        duplicates.add(d.payload());
                                    }
                                }
                            }
                            c.ack(ds);
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < producers; i++) {
                fs.get(i).get(60, TimeUnit.SECONDS);
            }
            for (int i = producers; i < fs.size(); i++) {
                fs.get(i).get(60, TimeUnit.SECONDS);
            }
            done.countDown();
        } finally {
            ex.shutdownNow();
        }
        assertThat(seen).hasSize(producers * each);
        assertThat(duplicates).isEmpty();
        assertThat(queue.depth(topic)).isZero();
    }
}
