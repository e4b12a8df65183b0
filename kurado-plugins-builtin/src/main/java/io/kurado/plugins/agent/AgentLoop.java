package io.kurado.plugins.agent;

import io.kurado.api.queue.Queue;
import io.kurado.api.queue.Topic;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's loop: at every tick of its {@link TickSchedule} it collects one batch and pushes it
 * to {@link Topic#UPDATE} as one message. When the queue refuses, batches are kept in a
 * {@link BatchBuffer} and pushed, oldest first, as soon as the queue accepts again; so nothing is
 * lost during an outage shorter than the buffer, and the agent never stops collecting.
 *
 * @since 0.1
 */
public final class AgentLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);

    private final Supplier<String> collector;
    private final Queue queue;
    private final InstantSource clock;
    private final TickSchedule schedule;
    private final BatchBuffer buffer;
    private final Waiter waiter;
    private final CountDownLatch stop = new CountDownLatch(1);
    private boolean queueDown;

    /**
     * @param collector collects one batch
     * @param queue where batches go
     * @param clock the current time
     * @param schedule when to collect
     * @param buffer keeps batches the queue refused
     * @param waiter waits for the next tick ({@link Waiter#sleeping(InstantSource)} in production)
     */
    public AgentLoop(Supplier<String> collector, Queue queue, InstantSource clock, TickSchedule schedule,
            BatchBuffer buffer, Waiter waiter) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.waiter = Objects.requireNonNull(waiter, "waiter");
    }

    /**
     * Runs until {@link #close()} is called or the thread is interrupted: waits for the next tick,
     * collects, pushes.
     */
    public void run() {
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
        }
        LOG.info("agent loop stopped; {} batch(es) not sent", buffer.size());
    }

    /**
     * Collects one batch now and pushes it together with any buffered ones. A batch whose
     * collection ends after {@link #close()} is kept, not pushed: a stopping agent does not wait on
     * the queue.
     */
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
        if (stop.getCount() > 0) {
            flush();
        }
    }

    /** Pushes buffered batches, oldest first, until the queue refuses one or none is left. */
    public void flush() {
        int sent = 0;
        while (buffer.peek().isPresent()) {
            BatchBuffer.Pending p = buffer.peek().get();
            try {
                queue.push(Topic.UPDATE, List.of(p.text()));
            } catch (RuntimeException e) {
                if (!queueDown) {
                    LOG.warn("cannot push to the queue ({}); keeping batches until it works again", e.getMessage());
                    queueDown = true;
                }
                return;
            }
            buffer.removeFirst();
            sent++;
        }
        if (queueDown) {
            queueDown = false;
            LOG.info("the queue works again; sent {} buffered batch(es)", sent);
        }
    }

    /** @return the batches waiting to be pushed */
    public int buffered() {
        return buffer.size();
    }

    /** Stops {@link #run()}; does not close the queue. */
    @Override
    public void close() {
        stop.countDown();
    }
}
