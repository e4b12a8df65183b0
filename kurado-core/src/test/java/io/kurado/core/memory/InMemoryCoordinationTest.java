package io.kurado.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.coordination.Coordination;
import io.kurado.core.contract.CoordinationContract;
import io.kurado.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryCoordinationTest extends CoordinationContract {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private InMemoryCoordination memory;

    @Override
    protected Coordination newCoordination() {
        memory = new InMemoryCoordination(clock);
        return memory;
    }

    @Override
    protected void pass(Duration d) {
        clock.advance(d);
    }

    @Test
    void leasesThatExpiredAreForgottenSoANewNameEachMinuteDoesNotAccumulate() {
        for (int minute = 0; minute < 24 * 60; minute++) {
            assertThat(memory.tryAcquire("kurado-scheduler:" + minute, "node", Duration.ofSeconds(90))).isPresent();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(memory.size()).isLessThanOrEqualTo(64);
    }
}
