package io.kurado.plugins.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AgentLoopTest {
    private final ManualClock clock = ManualClock.atEpochSecond(1404873350);
    private final FakeQueue queue = new FakeQueue();
    private final AtomicInteger collections = new AtomicInteger();
    private final List<Instant> collected = new ArrayList<>();
    private final TickSchedule everyMinute = new TickSchedule(Duration.ofMinutes(1), Duration.ZERO);

    private String collect() {
        collected.add(clock.instant());
        return "h\tbase.metrics.n.gauge\t" + collections.incrementAndGet() + "\t" + clock.instant().getEpochSecond() + "\n";
    }

    private Pusher pusher(BatchBuffer buffer) {
        return new Pusher(queue, buffer, clock, Waiter.sleeping(clock), Duration.ofSeconds(5), Duration.ofSeconds(5),
                "Redis 10.0.0.5:6379", Duration.ofMinutes(1), (warning, line) -> {});
    }

    /** A waiter that moves the clock to each tick (plus 3 ms) and stops the loop after {@code ticks}. */
    private Waiter ticking(List<Instant> waits, int ticks, AgentLoop[] loop) {
        return (deadline, stop) -> {
            waits.add(deadline);
            clock.set(deadline.plusMillis(3));
            if (waits.size() == ticks) {
                loop[0].close();
            }
            return true;
        };
    }

    @Test
    void runCollectsAtAlignedTicksAndThePusherSendsOneBatchEachInOrder() throws Exception {
        List<Instant> waits = new ArrayList<>();
        AgentLoop[] loop = new AgentLoop[1];
        BatchBuffer buffer = new BatchBuffer(60, 1 << 20);
        Supplier<String> collector = () -> {
            if (collections.get() == 3) {
                // the pusher sends the three batches before the fourth tick
                assertThat(awaitPushed(3)).isTrue();
            }
            return collect();
        };
        loop[0] = new AgentLoop(collector::get, clock, everyMinute, buffer, ticking(waits, 5, loop), pusher(buffer));
        loop[0].run();
        assertThat(waits).startsWith(Instant.ofEpochSecond(1404873360), Instant.ofEpochSecond(1404873420),
                Instant.ofEpochSecond(1404873480), Instant.ofEpochSecond(1404873540));
        assertThat(queue.pushed).startsWith(
                "h\tbase.metrics.n.gauge\t1\t1404873360\n",
                "h\tbase.metrics.n.gauge\t2\t1404873420\n",
                "h\tbase.metrics.n.gauge\t3\t1404873480\n");
        assertThat(queue.pushSizes).containsOnly(1);
    }

    /** Waits, up to 30 s, for the pusher's thread to have pushed n batches. */
    private boolean awaitPushed(int n) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (queue.pushed.size() < n) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    @Test
    void collectionsKeepTheirScheduleWhileAPushHangs() {
        // Redis stopped answering (a stopped process): the first push never returns
        queue.hang = new CountDownLatch(1);
        List<Instant> waits = new ArrayList<>();
        AgentLoop[] loop = new AgentLoop[1];
        BatchBuffer buffer = new BatchBuffer(60, 1 << 20);
        loop[0] = new AgentLoop(this::collect, clock, new TickSchedule(Duration.ofSeconds(1), Duration.ZERO), buffer,
                ticking(waits, 31, loop), pusher(buffer));
        try {
            loop[0].run();
            List<Instant> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                expected.add(Instant.ofEpochSecond(1404873351 + i).plusMillis(3));
            }
            assertThat(collected).as("every tick collected, on time").containsExactlyElementsOf(expected);
            assertThat(queue.pushed).isEmpty();
            assertThat(loop[0].buffered()).as("all kept, in order").isEqualTo(30);
            assertThat(buffer.peek()).hasValueSatisfying(p -> assertThat(p.collectedAt()).isEqualTo(expected.get(0)));
        } finally {
            queue.hang.countDown();
        }
    }

    @Test
    void aBatchCollectedWhileTheLoopIsBeingStoppedIsNotPushed() {
        // a stop during a collection (SIGTERM while a command plugin runs) must not then wait on the
        // queue: the agent has to exit within 2 s
        AgentLoop[] loop = new AgentLoop[1];
        BatchBuffer buffer = new BatchBuffer(60, 1 << 20);
        loop[0] = new AgentLoop(() -> {
            loop[0].close();
            return collect();
        }, clock, everyMinute, buffer, (deadline, stop) -> true, pusher(buffer));
        loop[0].run();
        assertThat(queue.pushed).isEmpty();
        assertThat(loop[0].buffered()).as("counted as not sent").isEqualTo(1);
    }

    @Test
    void aFailedCollectionAddsNothingAndTheLoopGoesOn() {
        AtomicInteger n = new AtomicInteger();
        BatchBuffer buffer = new BatchBuffer(2, 100);
        AgentLoop loop = new AgentLoop(() -> {
            if (n.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return "x\n";
        }, clock, everyMinute, buffer, Waiter.sleeping(clock), pusher(buffer));
        loop.tick();
        loop.tick();
        assertThat(buffer.size()).isEqualTo(1);
        assertThat(buffer.peek()).hasValueSatisfying(p -> assertThat(p.text()).isEqualTo("x\n"));
    }

    @Test
    void theSleepingWaiterReturnsAtOnceForAPastDeadlineAndFalseWhenStopped() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        assertThat(Waiter.sleeping(clock).awaitUntil(clock.instant().minusSeconds(1), stop)).isTrue();
        stop.countDown();
        assertThat(Waiter.sleeping(clock).awaitUntil(clock.instant().plusSeconds(3600), stop)).isFalse();
    }
}
