package io.kurado.core.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that another thread or process brings about, checking it often and failing
 * the test, in words, when it does not come true in time. Tests wait for what they expect, never for
 * a fixed time.
 */
public final class Await {
    /** How long a condition is given when the test does not say. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private Await() {}

    /**
     * @param what the condition in words, for the failure ("the batch is acknowledged")
     * @param condition the condition
     * @throws InterruptedException when interrupted while waiting
     * @throws AssertionError when it is still false after {@link #DEFAULT}
     */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, DEFAULT, condition);
    }

    /**
     * @param what the condition in words, for the failure
     * @param max how long it is given
     * @param condition the condition
     * @throws InterruptedException when interrupted while waiting
     * @throws AssertionError when it is still false after {@code max}
     */
    public static void until(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long pause = 1;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + max.toMillis() + " ms waiting until " + what);
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 20);
        }
    }
}
