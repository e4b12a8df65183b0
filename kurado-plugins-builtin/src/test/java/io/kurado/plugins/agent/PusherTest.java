package io.kurado.plugins.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PusherTest {
    private final ManualClock clock = ManualClock.atEpochSecond(1404873360);
    private final FakeQueue queue = new FakeQueue();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AtomicInteger collections = new AtomicInteger();
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    /**
     * A waiter on which what is waited for comes before the deadline, except a push to the queue
     * while it hangs: that one's deadline passes.
     */
    private final Waiter waiter = (deadline, latch) -> {
        while (!latch.await(10, TimeUnit.MILLISECONDS)) {
            CountDownLatch hang = queue.hang;
            if (hang != null && hang.getCount() > 0 && queue.hanging.getCount() == 0) {
                return true;
            }
        }
        return false;
    };

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private Pusher pusher(BatchBuffer buffer, Waiter waiter) {
        return new Pusher(queue, buffer, clock, waiter, Duration.ofMillis(500), Duration.ofSeconds(1), "Redis 10.0.0.5:6379",
                Duration.ofSeconds(1), (warning, line) -> lines.add((warning ? "WARN " : "INFO ") + line));
    }

    private void collect(BatchBuffer buffer) {
        int n = collections.incrementAndGet();
        buffer.add("h\tbase.metrics.n.gauge\t" + n + "\t" + clock.instant().getEpochSecond() + "\n", clock.instant());
        clock.advance(java.time.Duration.ofSeconds(1));
    }

    private List<String> pushedNumbers() {
        return queue.pushed.stream().map(s -> s.split("\t")[2]).toList();
    }

    @Test
    void sendsOneBatchPerPushInCollectionOrderAndSaysOnceThatItPushes() throws Exception {
        BatchBuffer buffer = new BatchBuffer(60, 1 << 20);
        Pusher pusher = pusher(buffer, Waiter.sleeping(clock));
        for (int i = 0; i < 5; i++) {
            collect(buffer);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(pusher.step(0, TimeUnit.SECONDS)).isEqualTo(Pusher.Outcome.SENT);
        }
        assertThat(pusher.step(0, TimeUnit.SECONDS)).isEqualTo(Pusher.Outcome.NONE);
        assertThat(pushedNumbers()).containsExactly("1", "2", "3", "4", "5");
        assertThat(queue.pushSizes).containsOnly(1);
        assertThat(lines).containsExactly("INFO Pushing to Redis 10.0.0.5:6379, queue kurado-update, every 1 s");
    }

    @Test
    void aPushThatHangsIsReportedAtTheDeadlineAndNotSentAgainOnceItAnswers() throws Exception {
        BatchBuffer buffer = new BatchBuffer(60, 1 << 20);
        Pusher pusher = pusher(buffer, waiter);
        collect(buffer);
        pusher.step(0, TimeUnit.SECONDS);
        // Redis stops answering: the next push hangs while collecting goes on
        queue.hang = new CountDownLatch(1);
        collect(buffer);
        Future<Pusher.Outcome> hung = background.submit(() -> pusher.step(0, TimeUnit.SECONDS));
        assertThat(queue.hanging.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 29; i++) {
            collect(buffer);
        }
        assertThat(buffer.size()).isEqualTo(30);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lines.size() < 2 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        // ... and answers again 30 s later
        queue.hang.countDown();
        assertThat(hung.get(30, TimeUnit.SECONDS)).isEqualTo(Pusher.Outcome.SENT);
        while (pusher.step(0, TimeUnit.SECONDS) == Pusher.Outcome.SENT) {
            assertThat(queue.attempts.get()).isEqualTo(queue.pushed.size());
        }
        assertThat(pushedNumbers()).as("each batch once, in order").containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 31).mapToObj(Integer::toString).toList());
        assertThat(lines).containsExactly(
                "INFO Pushing to Redis 10.0.0.5:6379, queue kurado-update, every 1 s",
                "WARN Redis 10.0.0.5:6379 has not answered a push within 500 ms; collecting goes on into the buffer, and"
                        + " nothing more is sent until it answers",
                "INFO Redis 10.0.0.5:6379 answers again after 29 s; sent 30 batch(es) from the buffer");
    }

    @Test
    void aRefusedBatchStaysFirstAndIsSentOnceTheQueueAnswersAReadSayingTheOutageOnce() throws Exception {
        BatchBuffer buffer = new BatchBuffer(60, 1 << 20);
        Pusher pusher = pusher(buffer, waiter);
        queue.down = true;
        for (int i = 0; i < 3; i++) {
            collect(buffer);
            assertThat(pusher.step(0, TimeUnit.SECONDS)).isEqualTo(Pusher.Outcome.FAILED);
            assertThat(pusher.answers()).isFalse();
        }
        assertThat(buffer.size()).isEqualTo(3);
        queue.down = false;
        assertThat(pusher.answers()).isTrue();
        while (pusher.step(0, TimeUnit.SECONDS) == Pusher.Outcome.SENT) {
            // drain
        }
        assertThat(pushedNumbers()).containsExactly("1", "2", "3");
        assertThat(lines).containsExactly(
                "WARN Cannot push to Redis 10.0.0.5:6379 (connection refused); keeping the batches (at most 60) and sending"
                        + " them in order once it answers",
                "INFO Pushing to Redis 10.0.0.5:6379, queue kurado-update, every 1 s",
                "INFO Redis 10.0.0.5:6379 answers again after 2 s; sent 3 batch(es) from the buffer");
    }

    @Test
    void afterAFailureNothingIsPushedUntilTheQueueAnswersARead() throws Exception {
        BatchBuffer buffer = new BatchBuffer(60, 1 << 20);
        AtomicInteger waits = new AtomicInteger();
        Waiter waiter = (deadline, stop) -> {
            if (waits.incrementAndGet() == 4) {
                queue.down = false;
            }
            return stop.getCount() > 0;
        };
        Pusher pusher = pusher(buffer, waiter);
        queue.down = true;
        collect(buffer);
        Thread t = new Thread(pusher, "test-pusher");
        t.start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (queue.pushed.isEmpty() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        } finally {
            pusher.close();
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(pushedNumbers()).containsExactly("1");
        assertThat(queue.attempts).as("one refused push, then one that the queue took").hasValue(2);
        assertThat(queue.reads).as("reads until one was answered").hasValueGreaterThanOrEqualTo(3);
    }

    @Test
    void theQueueIsAskedAgainAfterWaitsThatDoubleUpToTheInterval() throws Exception {
        BatchBuffer buffer = new BatchBuffer(60, 1 << 20);
        List<Duration> waits = new CopyOnWriteArrayList<>();
        Waiter recording = (deadline, stop) -> {
            waits.add(Duration.between(clock.instant(), deadline));
            if (stop.getCount() == 0) {
                return false; // the push answered before its deadline was waited for
            }
            if (waits.size() == 7) {
                queue.down = false;
            }
            return true;
        };
        Pusher pusher = new Pusher(queue, buffer, clock, recording, Duration.ofSeconds(5), Duration.ofSeconds(5),
                "Redis 10.0.0.5:6379", Duration.ofMinutes(1), (warning, line) -> {});
        queue.down = true;
        collect(buffer);
        Thread t = new Thread(pusher, "test-pusher");
        t.start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((queue.pushed.isEmpty() || waits.size() < 8) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        } finally {
            pusher.close();
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        // the refused push's deadline, the waits before each read, the deadline of the push taken
        assertThat(waits.subList(0, Math.min(8, waits.size()))).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(5));
        assertThat(queue.pushed).hasSize(1);
    }

    @Test
    void theRecoveryLineCountsTheBatchesDroppedWhenTheBufferWasFull() throws Exception {
        BatchBuffer buffer = new BatchBuffer(3, 1 << 20);
        Pusher pusher = pusher(buffer, waiter);
        queue.down = true;
        collect(buffer);
        assertThat(pusher.step(0, TimeUnit.SECONDS)).isEqualTo(Pusher.Outcome.FAILED);
        for (int i = 0; i < 9; i++) {
            collect(buffer);
        }
        queue.down = false;
        while (pusher.step(0, TimeUnit.SECONDS) == Pusher.Outcome.SENT) {
            // drain
        }
        assertThat(pushedNumbers()).containsExactly("8", "9", "10");
        assertThat(lines).last().isEqualTo(
                "INFO Redis 10.0.0.5:6379 answers again after 9 s; sent 3 batch(es) from the buffer; 7 dropped when the buffer was full");
    }

    @Test
    void aLazyQueueIsCreatedAgainAfterItsCreationFailed() throws Exception {
        AtomicInteger creations = new AtomicInteger();
        LazyQueue lazy = new LazyQueue(() -> {
            if (creations.incrementAndGet() < 3) {
                throw new IllegalStateException("Connection refused");
            }
            return queue;
        });
        BatchBuffer buffer = new BatchBuffer(60, 1 << 20);
        Pusher pusher = new Pusher(lazy, buffer, clock, waiter, Duration.ofMillis(500), Duration.ofSeconds(1), "Redis x:1",
                Duration.ofSeconds(1), (warning, line) -> lines.add(line));
        collect(buffer);
        assertThat(pusher.step(0, TimeUnit.SECONDS)).isEqualTo(Pusher.Outcome.FAILED);
        assertThat(lines).first().asString().startsWith("Cannot push to Redis x:1 (cannot connect to the queue: Connection refused)");
        assertThat(pusher.answers()).isFalse();
        assertThat(pusher.answers()).isTrue();
        assertThat(pusher.step(0, TimeUnit.SECONDS)).isEqualTo(Pusher.Outcome.SENT);
        assertThat(creations).hasValue(3);
    }

    @Test
    void theDeadlineIsHalfTheIntervalAndAtMostFiveSeconds() {
        assertThat(Pusher.deadlineFor(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(500));
        assertThat(Pusher.deadlineFor(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(2));
        assertThat(Pusher.deadlineFor(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(5));
    }
}
