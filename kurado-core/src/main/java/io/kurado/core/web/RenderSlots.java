package io.kurado.core.web;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The few graphs and exports drawn at once ({@code graph_worker}), shared by {@code /graph} and
 * {@code /api/graph-data}: a request waits a bounded time for its turn, then is answered 503.
 */
final class RenderSlots {
    private final int slots;
    private final Semaphore free;
    private final Duration wait;

    RenderSlots(int slots, Duration wait) {
        this.slots = Math.max(1, slots);
        this.free = new Semaphore(this.slots, true);
        this.wait = wait;
    }

    /**
     * @param work the drawing
     * @param <T> what it makes
     * @return what it made
     * @throws WebException 503 when no slot came free in time
     */
    <T> T run(Supplier<T> work) {
        try {
            if (!free.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new WebException(503, slots + " graph(s) are being drawn, the most at once (graph_worker); try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebException(503, "interrupted while waiting to draw");
        }
        try {
            return work.get();
        } finally {
            free.release();
        }
    }
}
