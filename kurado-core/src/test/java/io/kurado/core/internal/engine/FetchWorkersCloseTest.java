package io.kurado.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.PluginRef;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.QueueException;
import io.kurado.api.queue.Topic;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the fetch workers leave behind when they stop, or fail to start. */
class FetchWorkersCloseTest {
    @TempDir
    Path dir;

    private final EngineCounters counters = new EngineCounters();

    /** A fetch that waits until the test opens the gate. */
    static final class Gate implements MetricsFetcher {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);

        @Override
        public String id() {
            return "gate";
        }

        @Override
        public FetchResult fetch(FetchContext ctx) throws Exception {
            started.countDown();
            open.await();
            return ctx.result().gauge("v", 1).build();
        }
    }

    /**
     * Hands out its jobs once, then waits in each poll until let go, and records acknowledgements and
     * its closing in order.
     */
    static final class RecordingConsumer implements QueueConsumer {
        private final List<String> jobs;
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch letGo = new CountDownLatch(1);

        RecordingConsumer(List<String> jobs) {
            this.jobs = new ArrayList<>(jobs);
        }

        @Override
        public synchronized List<Delivery> poll(int max, Duration timeout) throws InterruptedException {
            if (jobs.isEmpty()) {
                letGo.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return List.of();
            }
            List<Delivery> out = jobs.stream().map(j -> new Delivery(Topic.FETCH, j)).toList();
            jobs.clear();
            return out;
        }

        @Override
        public void ack(List<Delivery> deliveries) {
            deliveries.forEach(d -> events.add("ack " + d.payload()));
        }

        @Override
        public void close() {
            events.add("close");
        }
    }

    @Test
    void aJobStillBeingFetchedAtCloseIsPushedAndAcknowledgedBeforeItsConsumerCloses() throws Exception {
        Gate gate = new Gate();
        var cfg = Fakes.config(dir, List.of(PluginRef.of("gate")), "10.0.0.1");
        Fakes.ListQueue queue = new Fakes.ListQueue();
        RecordingConsumer consumer = new RecordingConsumer(List.of("10.0.0.1\tgate"));
        FetchWorkers workers = new FetchWorkers(cfg, PluginRegistry.builder().fetcher(gate).build(), queue,
                new Fakes.RecordingMetaStore(), InstantSource.system(), 4, Duration.ofSeconds(20), counters);
        workers.startWith(consumer);
        assertThat(gate.started.await(10, TimeUnit.SECONDS)).isTrue();

        Thread closing = new Thread(workers::close, "test-close");
        closing.start();
        Thread consumerThread = thread("kurado-fetch-consumer-1");
        // The consumer stops polling once the workers stop running; then its thread either closes
        // the consumer at once or waits for the fetch it handed over.
        Await.until("the workers stop running", () -> !workers.running());
        consumer.letGo.countDown();
        Await.until("the consumer closes or waits for the fetch it handed over",
                () -> consumer.events.contains("close") || stackOf(consumerThread).contains("awaitNone"));
        gate.open.countDown();
        closing.join(30_000);

        assertThat(closing.isAlive()).isFalse();
        assertThat(queue.drain(Topic.UPDATE)).singleElement().asString().contains("gate.metrics.v.gauge");
        assertThat(consumer.events).containsExactly("ack 10.0.0.1\tgate", "close");
    }

    @Test
    void aStartThatFailsHalfWayLeavesNoConsumerThreadPolling() {
        var cfg = Fakes.config(dir, List.of(PluginRef.of("gate")), "10.0.0.1");
        List<RecordingConsumer> opened = new ArrayList<>();
        Fakes.ListQueue queue = new Fakes.ListQueue() {
            @Override
            public synchronized QueueConsumer consumer(Topic topic, String consumerName) {
                if (!opened.isEmpty()) {
                    throw new QueueException("cannot connect to the queue");
                }
                RecordingConsumer c = new RecordingConsumer(List.of());
                opened.add(c);
                return c;
            }
        };
        try (FetchWorkers workers = new FetchWorkers(cfg, PluginRegistry.builder().fetcher(new Gate()).build(), queue,
                new Fakes.RecordingMetaStore(), InstantSource.system(), 4, Duration.ofSeconds(1), counters)) {
            assertThatThrownBy(() -> workers.start(2, "node")).isInstanceOf(QueueException.class);
            assertThat(consumerThreads()).isEmpty();
            assertThat(opened.get(0).events).containsExactly("close");
        }
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String stackOf(Thread t) {
        return java.util.Arrays.toString(t.getStackTrace());
    }

    private static List<String> consumerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("kurado-fetch-consumer-")).toList();
    }
}
