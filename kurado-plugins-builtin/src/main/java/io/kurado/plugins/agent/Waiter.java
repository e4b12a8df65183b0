package io.kurado.plugins.agent;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits until an instant. The agent loop uses it between ticks; tests give one that advances a
 * manual clock instead of sleeping.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Waiter {
    /**
     * @param deadline when to return
     * @param stop opens when the wait should end early
     * @return true when the deadline was reached; false when the wait ended because of {@code stop}
     * @throws InterruptedException when the thread is interrupted
     */
    boolean awaitUntil(Instant deadline, CountDownLatch stop) throws InterruptedException;

    /**
     * @param clock the clock the deadline is read on
     * @return a waiter that sleeps
     */
    static Waiter sleeping(InstantSource clock) {
        return (deadline, stop) -> {
            while (true) {
                long ms = Duration.between(clock.instant(), deadline).toMillis();
                if (ms <= 0) {
                    return true;
                }
                if (stop.await(ms, TimeUnit.MILLISECONDS)) {
                    return false;
                }
            }
        };
    }
}
