package io.kurado.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueException;
import io.kurado.api.queue.Topic;
import io.kurado.core.contract.QueueContract;
import io.kurado.core.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryQueueTest extends QueueContract {
    private final ManualClock clock = ManualClock.atEpochSecond(1_700_000_000L);

    @Override
    protected Queue newQueue() {
        return new InMemoryQueue(10_000, clock);
    }

    @Test
    void aFullTopicRefusesThePushAndKeepsWhatItHas() {
        InMemoryQueue small = new InMemoryQueue(3, clock);
        Topic t = Topic.UPDATE;
        small.push(t, List.of("a", "b"));
        assertThatThrownBy(() -> small.push(t, List.of("c", "d")))
                .isInstanceOf(QueueException.class)
                .hasMessageContaining("kurado-update is full")
                .hasMessageContaining("2 message(s) not accepted");
        assertThat(small.depth(t)).isEqualTo(2);
    }

    @Test
    void closingWakesABlockedConsumer() throws Exception {
        var c = queue.consumer(topic, "c");
        Thread t = new Thread(() -> queue.close());
        t.start();
        assertThat(c.poll(1, Duration.ofSeconds(30))).isEmpty();
        t.join();
    }
}
