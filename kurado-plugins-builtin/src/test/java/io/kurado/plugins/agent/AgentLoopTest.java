package io.kurado.plugins.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.QueueException;
import io.kurado.api.queue.Topic;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentLoopTest {
    /** A queue that refuses pushes while {@code down}. */
    static final class FakeQueue implements Queue {
        final List<String> pushed = new ArrayList<>();
        final List<Integer> pushSizes = new ArrayList<>();
        boolean down;

        @Override
        public void push(Topic topic, List<String> messages) {
            assertThat(topic).isEqualTo(Topic.UPDATE);
            if (down) {
                throw new QueueException("connection refused");
            }
            pushSizes.add(messages.size());
            pushed.addAll(messages);
        }

        @Override
        public QueueConsumer consumer(Topic topic, String consumerName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long depth(Topic topic) {
            return pushed.size();
        }

        @Override
        public void close() {}
    }

    /** A clock that only moves when told. */
    static final class ManualClock implements InstantSource {
        Instant now;

        ManualClock(long epochSecond) {
            now = Instant.ofEpochSecond(epochSecond);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock(1404873350);
    private final FakeQueue queue = new FakeQueue();
    private final AtomicInteger collections = new AtomicInteger();

    private String collect() {
        return "h\tbase.metrics.n.gauge\t" + collections.incrementAndGet() + "\t" + clock.instant().getEpochSecond() + "\n";
    }

    @Test
    void runCollectsAtAlignedTicksAndPushesOneBatchEach() {
        List<Instant> waits = new ArrayList<>();
        AgentLoop[] loop = new AgentLoop[1];
        Waiter waiter = (deadline, stop) -> {
            waits.add(deadline);
            clock.now = deadline.plusMillis(3);
            if (waits.size() == 4) {
                loop[0].close();
            }
            return true;
        };
        loop[0] = new AgentLoop(this::collect, queue, clock, new TickSchedule(Duration.ofMinutes(1), Duration.ZERO),
                new BatchBuffer(60, 1 << 20), waiter);
        loop[0].run();
        assertThat(waits).containsExactly(Instant.ofEpochSecond(1404873360), Instant.ofEpochSecond(1404873420),
                Instant.ofEpochSecond(1404873480), Instant.ofEpochSecond(1404873540));
        assertThat(queue.pushSizes).containsExactly(1, 1, 1);
        assertThat(queue.pushed).containsExactly(
                "h\tbase.metrics.n.gauge\t1\t1404873360\n",
                "h\tbase.metrics.n.gauge\t2\t1404873420\n",
                "h\tbase.metrics.n.gauge\t3\t1404873480\n");
    }

    @Test
    void buffersWhileTheQueueIsDownAndSendsInOrderWhenItIsBack() {
        AgentLoop loop = new AgentLoop(this::collect, queue, clock, new TickSchedule(Duration.ofMinutes(1), Duration.ZERO),
                new BatchBuffer(60, 1 << 20), Waiter.sleeping(clock));
        loop.tick();
        queue.down = true;
        for (int i = 0; i < 3; i++) {
            clock.now = clock.now.plusSeconds(60);
            loop.tick();
        }
        assertThat(loop.buffered()).isEqualTo(3);
        assertThat(queue.pushed).hasSize(1);
        queue.down = false;
        clock.now = clock.now.plusSeconds(60);
        loop.tick();
        assertThat(loop.buffered()).isZero();
        assertThat(queue.pushed).extracting(s -> s.split("\t")[2]).containsExactly("1", "2", "3", "4", "5");
        assertThat(queue.pushSizes).containsOnly(1);
    }

    @Test
    void dropsTheOldestBatchesWhenTheBufferIsFull() {
        BatchBuffer buffer = new BatchBuffer(3, 1 << 20);
        AgentLoop loop = new AgentLoop(this::collect, queue, clock, new TickSchedule(Duration.ofMinutes(1), Duration.ZERO),
                buffer, Waiter.sleeping(clock));
        queue.down = true;
        for (int i = 0; i < 10; i++) {
            loop.tick();
        }
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.dropped()).isEqualTo(7);
        queue.down = false;
        loop.flush();
        assertThat(queue.pushed).extracting(s -> s.split("\t")[2]).containsExactly("8", "9", "10");
    }

    @Test
    void theBufferIsAlsoBoundedByCharacters() {
        BatchBuffer buffer = new BatchBuffer(100, 10);
        buffer.add("123456", Instant.EPOCH);
        buffer.add("abcdef", Instant.EPOCH);
        assertThat(buffer.size()).isEqualTo(1);
        assertThat(buffer.peek()).hasValueSatisfying(p -> assertThat(p.text()).isEqualTo("abcdef"));
        buffer.add("a very long batch over the bound", Instant.EPOCH);
        assertThat(buffer.size()).isEqualTo(1);
        assertThat(buffer.dropped()).isEqualTo(2);
    }

    @Test
    void aBatchCollectedWhileTheLoopIsBeingStoppedIsNotPushed() {
        // a stop during a collection (SIGTERM while a command plugin runs) must not then wait on the
        // queue: the agent has to exit within 2 s
        AgentLoop[] loop = new AgentLoop[1];
        loop[0] = new AgentLoop(() -> {
            loop[0].close();
            return collect();
        }, queue, clock, new TickSchedule(Duration.ofMinutes(1), Duration.ZERO), new BatchBuffer(60, 1 << 20),
                (deadline, stop) -> true);
        loop[0].run();
        assertThat(queue.pushed).isEmpty();
        assertThat(loop[0].buffered()).as("counted as not sent").isEqualTo(1);
    }

    @Test
    void aFailedCollectionSendsNothingAndTheLoopGoesOn() {
        AtomicInteger n = new AtomicInteger();
        AgentLoop loop = new AgentLoop(() -> {
            if (n.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return "x\n";
        }, queue, clock, new TickSchedule(Duration.ofMinutes(1), Duration.ZERO), new BatchBuffer(2, 100), Waiter.sleeping(clock));
        loop.tick();
        loop.tick();
        assertThat(queue.pushed).containsExactly("x\n");
    }

    @Test
    void aLazyQueueRetriesCreationAfterAFailure() {
        AtomicInteger attempts = new AtomicInteger();
        LazyQueue lazy = new LazyQueue(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("Connection refused");
            }
            return queue;
        });
        AgentLoop loop = new AgentLoop(this::collect, lazy, clock, new TickSchedule(Duration.ofMinutes(1), Duration.ZERO),
                new BatchBuffer(60, 1 << 20), Waiter.sleeping(clock));
        loop.tick();
        loop.tick();
        assertThat(loop.buffered()).isEqualTo(2);
        loop.tick();
        assertThat(loop.buffered()).isZero();
        assertThat(queue.pushed).hasSize(3);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void theSleepingWaiterReturnsAtOnceForAPastDeadlineAndFalseWhenStopped() throws Exception {
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        assertThat(Waiter.sleeping(clock).awaitUntil(clock.now.minusSeconds(1), stop)).isTrue();
        stop.countDown();
        assertThat(Waiter.sleeping(clock).awaitUntil(clock.now.plusSeconds(3600), stop)).isFalse();
    }
}
