package io.kurado.plugins.agent;

import io.kurado.api.queue.Queue;
import io.kurado.api.queue.Topic;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's pusher: takes the batches of a {@link BatchBuffer} in collection order and pushes
 * each to {@link Topic#UPDATE} as one message, on its own thread, so that a queue that hangs never
 * delays a collection.
 *
 * <p>At most one push is outstanding. A push that has not answered within the deadline is
 * reported, and nothing more is sent behind it: the queue would run both once it answers. The
 * pusher waits for its outcome instead; when it answers, the batch is not sent again. When a push
 * fails, the batch stays first in the buffer and nothing is sent until the queue answers a read
 * ({@link Queue#depth}); then the batch is sent again. A push whose reply never came (the client's
 * own timeout, a connection lost after sending) may have been taken, so a batch can arrive twice:
 * delivery is at least once, and the updater skips a sample it already has.
 *
 * <p>It says when it first pushes, when the queue stops answering, and when it answers again
 * (after how long, how many batches it then sent from the buffer, how many were dropped); nothing
 * per push.
 *
 * @since 0.1
 */
public final class Pusher implements Runnable, AutoCloseable {
    private final Queue queue;
    private final BatchBuffer buffer;
    private final InstantSource clock;
    private final Waiter waiter;
    private final Duration deadline;
    private final Duration retry;
    private final String target;
    private final Duration every;
    private final PushLog log;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final ExecutorService calls = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kurado-agent-push");
        t.setDaemon(true);
        return t;
    });

    private boolean started;
    /** When the current outage began; empty while the queue takes every push. */
    private Optional<Instant> outageSince = Optional.empty();
    private boolean saidUnanswered;
    private boolean saidFailing;
    private long droppedBefore;
    /** While recovering: the batches that waited when the queue answered again, still to send. */
    private long backlog;
    private long backlogSent;
    private Duration wasDown = Duration.ZERO;

    /**
     * @param queue where batches go
     * @param buffer where they wait
     * @param clock the current time
     * @param waiter waits for deadlines ({@link Waiter#sleeping(InstantSource)} in production)
     * @param deadline how long a push may go unanswered before it is reported; shorter than the
     *     collection interval
     * @param retry the first wait before asking a queue that failed again; it doubles up to
     *     {@code every} while the queue does not answer
     * @param target the queue, as the log lines name it ({@code Redis 10.0.0.5:6379})
     * @param every the collection interval, for the first line
     * @param log where the lines go
     */
    public Pusher(Queue queue, BatchBuffer buffer, InstantSource clock, Waiter waiter, Duration deadline, Duration retry,
            String target, Duration every, PushLog log) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.target = Objects.requireNonNull(target, "target");
        this.every = Objects.requireNonNull(every, "every");
        this.log = Objects.requireNonNull(log, "log");
        if (deadline.isNegative() || deadline.isZero() || retry.isNegative()) {
            throw new IllegalArgumentException("the deadline must be positive and the retry wait not negative");
        }
    }

    /**
     * The deadline of a push for a collection interval: half the interval, at most 5 s.
     *
     * @param interval the collection interval
     * @return the deadline
     */
    public static Duration deadlineFor(Duration interval) {
        Duration half = interval.dividedBy(2);
        return half.compareTo(Duration.ofSeconds(5)) < 0 ? half : Duration.ofSeconds(5);
    }

    /** Pushes until {@link #close()} is called or the thread is interrupted. */
    @Override
    public void run() {
        try {
            while (stop.getCount() > 0) {
                if (step(1, TimeUnit.SECONDS) == Outcome.FAILED) {
                    awaitAnswer();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What one {@link #step} did. */
    public enum Outcome {
        /** the oldest batch was pushed and removed from the buffer */
        SENT,
        /** the push failed; the batch is still first in the buffer */
        FAILED,
        /** no batch came, or the pusher is closed */
        NONE
    }

    /**
     * Pushes the oldest batch, waiting up to a timeout for one. {@link #run()} calls it in a loop,
     * and after a failure waits until {@link #answers()} before calling it again.
     *
     * @param timeout how long to wait for a batch
     * @param unit its unit
     * @return what happened
     * @throws InterruptedException when interrupted
     */
    public Outcome step(long timeout, TimeUnit unit) throws InterruptedException {
        Optional<BatchBuffer.Pending> next = buffer.claimFirst(timeout, unit);
        if (next.isEmpty() || stop.getCount() == 0) {
            next.ifPresent(p -> buffer.settle(p, false));
            return Outcome.NONE;
        }
        BatchBuffer.Pending batch = next.get();
        Instant at = clock.instant();
        boolean sent = false;
        try {
            Optional<RuntimeException> failure = push(batch, at);
            sent = failure.isEmpty();
            if (!sent) {
                failed(at, failure.get());
            }
        } finally {
            buffer.settle(batch, sent);
        }
        if (sent) {
            sent();
        }
        return sent ? Outcome.SENT : Outcome.FAILED;
    }

    private Optional<RuntimeException> push(BatchBuffer.Pending batch, Instant at) throws InterruptedException {
        Call call = call(() -> queue.push(Topic.UPDATE, List.of(batch.text())));
        if (waiter.awaitUntil(at.plus(deadline), call.done) && call.done.getCount() > 0) {
            markDown(at);
            if (!saidUnanswered) {
                saidUnanswered = true;
                log.say(true, target + " has not answered a push within " + deadline.toMillis() + " ms; collecting goes"
                        + " on into the buffer, and nothing more is sent until it answers");
            }
            call.done.await();
        }
        return call.failure();
    }

    private void failed(Instant at, RuntimeException e) {
        markDown(at);
        if (!saidFailing) {
            saidFailing = true;
            log.say(true, "Cannot push to " + target + " (" + e.getMessage() + "); keeping the batches (at most "
                    + buffer.capacity() + ") and sending them in order once it answers");
        }
    }

    private void markDown(Instant at) {
        if (outageSince.isEmpty()) {
            outageSince = Optional.of(at);
            droppedBefore = buffer.dropped();
        }
        backlog = 0;
    }

    private void sent() {
        if (!started) {
            started = true;
            log.say(false, "Pushing to " + target + ", queue " + Topic.UPDATE.name() + ", every " + every.toSeconds() + " s");
        }
        if (outageSince.isEmpty()) {
            return;
        }
        if (backlog == 0) {
            // the first push the queue took again: the batches waiting now are the outage's
            wasDown = Duration.between(outageSince.get(), clock.instant());
            backlog = buffer.size() + 1;
            backlogSent = 0;
        }
        if (++backlogSent >= backlog) {
            long dropped = buffer.dropped() - droppedBefore;
            log.say(false, target + " answers again after " + Math.max(1, Math.round(wasDown.toMillis() / 1000.0))
                    + " s; sent " + backlogSent + " batch(es) from the buffer"
                    + (dropped > 0 ? "; " + dropped + " dropped when the buffer was full" : ""));
            backlog = 0;
            outageSince = Optional.empty();
            saidUnanswered = false;
            saidFailing = false;
        }
    }

    /**
     * After a failure: nothing is sent until the queue answers a read, asked after {@code retry},
     * then after twice as long each time, up to the collection interval.
     */
    private void awaitAnswer() throws InterruptedException {
        Duration wait = retry;
        Duration longest = every.compareTo(retry) > 0 ? every : retry;
        while (stop.getCount() > 0) {
            if (!waiter.awaitUntil(clock.instant().plus(wait), stop) || answers()) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(longest) < 0 ? wait.multipliedBy(2) : longest;
        }
    }

    /**
     * Asks the queue a read ({@link Queue#depth}) and waits for the answer. Sent on the connection
     * of the pushes, it is answered only after every push sent before it.
     *
     * @return whether the queue answered
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean answers() throws InterruptedException {
        Call probe = call(() -> queue.depth(Topic.UPDATE));
        probe.done.await();
        return probe.failure().isEmpty();
    }

    private Call call(Runnable r) {
        Call c = new Call(new CountDownLatch(1), new AtomicReference<>());
        try {
            calls.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    c.error.set(e);
                } finally {
                    c.done.countDown();
                }
            });
        } catch (RejectedExecutionException closed) {
            c.error.set(closed);
            c.done.countDown();
        }
        return c;
    }

    private record Call(CountDownLatch done, AtomicReference<RuntimeException> error) {
        Optional<RuntimeException> failure() {
            return Optional.ofNullable(error.get());
        }
    }

    /** Stops {@link #run()}; a push in progress is left to finish on its own daemon thread. */
    @Override
    public void close() {
        stop.countDown();
        calls.shutdown();
    }
}
