package io.kurado.plugins.agent;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's loop: at every tick of its {@link TickSchedule} it collects one batch and adds it to
 * a {@link BatchBuffer}; a {@link Pusher} on its own thread sends the buffered batches, in
 * collection order, to the queue. Collecting never waits on the queue: while it refuses or hangs,
 * batches wait in the buffer (the oldest dropped when it is full) and go out, in order, once it
 * answers again.
 *
 * @since 0.1
 */
public final class AgentLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);

    private final Supplier<String> collector;
    private final InstantSource clock;
    private final TickSchedule schedule;
    private final BatchBuffer buffer;
    private final Waiter waiter;
    private final Pusher pusher;
    private final CountDownLatch stop = new CountDownLatch(1);

    /**
     * @param collector collects one batch
     * @param clock the current time
     * @param schedule when to collect
     * @param buffer where batches wait to be pushed
     * @param waiter waits for the next tick ({@link Waiter#sleeping(InstantSource)} in production)
     * @param pusher sends what the buffer holds; run on its own thread by {@link #run()}, closed
     *     with this loop
     */
    public AgentLoop(Supplier<String> collector, InstantSource clock, TickSchedule schedule, BatchBuffer buffer,
            Waiter waiter, Pusher pusher) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.pusher = Objects.requireNonNull(pusher, "pusher");
    }

    /**
     * Starts the pusher on a thread of its own ({@code kurado-agent-pusher}) and collects on the
     * calling thread until {@link #close()} is called or the thread is interrupted: waits for the
     * next tick, collects, adds the batch to the buffer.
     */
    public void run() {
        Thread pushing = new Thread(pusher, "kurado-agent-pusher");
        pushing.setDaemon(true);
        pushing.start();
        try {
            while (stop.getCount() > 0) {
                Instant next = schedule.next(clock.instant());
                if (!waiter.awaitUntil(next, stop) || stop.getCount() == 0) {
                    break;
                }
                tick();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pusher.close();
            pushing.interrupt();
            try {
                pushing.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("agent loop stopped; {} batch(es) not sent, {} dropped since start when the buffer was full", buffer.size(),
                buffer.dropped());
    }

    /** Collects one batch now and adds it to the buffer; a failed collection is logged and adds nothing. */
    public void tick() {
        Instant at = clock.instant();
        String batch;
        try {
            batch = collector.get();
        } catch (RuntimeException e) {
            LOG.error("collection failed; nothing sent for {}", at, e);
            return;
        }
        buffer.add(batch, at);
    }

    /** @return the batches waiting to be pushed */
    public int buffered() {
        return buffer.size();
    }

    /** Stops {@link #run()} and the pusher; does not close the queue. */
    @Override
    public void close() {
        stop.countDown();
        pusher.close();
    }
}
