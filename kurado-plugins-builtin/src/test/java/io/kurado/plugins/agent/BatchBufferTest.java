package io.kurado.plugins.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchBufferTest {
    @Test
    void dropsTheOldestBatchesWhenFull() {
        BatchBuffer buffer = new BatchBuffer(3, 1 << 20);
        for (int i = 1; i <= 10; i++) {
            buffer.add("b" + i, Instant.ofEpochSecond(i));
        }
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.dropped()).isEqualTo(7);
        assertThat(buffer.peek()).hasValueSatisfying(p -> assertThat(p.text()).isEqualTo("b8"));
    }

    @Test
    void theBatchBeingPushedIsNeverDropped() throws Exception {
        BatchBuffer buffer = new BatchBuffer(2, 1 << 20);
        buffer.add("b1", Instant.EPOCH);
        BatchBuffer.Pending first = buffer.claimFirst(0, TimeUnit.SECONDS).orElseThrow();
        for (int i = 2; i <= 5; i++) {
            buffer.add("b" + i, Instant.EPOCH);
        }
        assertThat(buffer.peek()).hasValue(first);
        buffer.settle(first, true);
        assertThat(buffer.size()).isEqualTo(2);
        assertThat(buffer.peek()).hasValueSatisfying(p -> assertThat(p.text()).isEqualTo("b4"));
        assertThat(buffer.dropped()).isEqualTo(2);
    }

    @Test
    void aBatchThatWasNotSentStaysFirst() throws Exception {
        BatchBuffer buffer = new BatchBuffer(5, 1 << 20);
        buffer.add("b1", Instant.EPOCH);
        buffer.add("b2", Instant.EPOCH);
        buffer.settle(buffer.claimFirst(0, TimeUnit.SECONDS).orElseThrow(), false);
        assertThat(buffer.size()).isEqualTo(2);
        assertThat(buffer.peek()).hasValueSatisfying(p -> assertThat(p.text()).isEqualTo("b1"));
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
}
