package io.kurado.core.cluster;

import io.kurado.api.coordination.Coordination;
import io.kurado.api.coordination.Lease;
import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits metric batches by shard and appends them to the shard queues: each line goes, by the
 * shard of its host's address, to the queue of every copy of that shard
 * ({@code kurado-shard:{s<shard>}:<copy>}, see {@link #topic}), in the order the batches came.
 * A copy's queue holds at most {@code backlog} batches: beyond it the oldest are dropped, counted
 * per shard and logged once per shard.
 *
 * <p>{@link #start} runs the routing of {@code kurado-update}, where agents push: every node runs
 * it, and the one holding the lease {@value #LEASE} at the time takes batches (at least once, as an
 * updater does), routes them and acknowledges them once appended, so that one host's batches stay
 * in order; when that node dies, another takes the lease within {@link #LEASE_TTL} and puts back
 * what the dead one had taken but not acknowledged. A batch routed twice that way is written twice,
 * which the storage skips as already written.
 */
public final class ShardRouter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShardRouter.class);
    /** The lease held by the node that routes {@code kurado-update}. */
    public static final String LEASE = "kurado-router";
    /** How long the routing node's lease lasts unless renewed. */
    public static final Duration LEASE_TTL = Duration.ofSeconds(15);
    /** The consumer name of the routing node, the same on every node so that a successor takes back what it left. */
    public static final String CONSUMER = "router";
    private static final Duration RENEW_EVERY = Duration.ofSeconds(5);
    private static final int MAX_BATCHES_PER_POLL = 500;

    private final Queue queue;
    private final int count;
    private final int replicas;
    private final long backlog;
    private final int maxBatchBytes;
    private final Map<Integer, AtomicLong> droppedByShard = new ConcurrentHashMap<>();
    private final LongAdder routedBatches = new LongAdder();
    private final LongAdder routedLines = new LongAdder();
    private volatile boolean running;
    private volatile boolean routing;
    private Thread thread;

    /**
     * @param queue where the shard queues are
     * @param count the number of shards (the shard map's)
     * @param replicas the copies per shard (the shard map's)
     * @param backlog the most batches a copy's queue holds waiting
     * @param maxBatchBytes a batch larger than this goes whole to the shard of its first line, where
     *     the updater refuses and reports it as a single server does
     */
    public ShardRouter(Queue queue, int count, int replicas, long backlog, int maxBatchBytes) {
        this.queue = Objects.requireNonNull(queue, "queue");
        if (count < 1 || replicas < 1 || replicas > 2 || backlog < 1) {
            throw new IllegalArgumentException("count, replicas and backlog must be positive (replicas 1 or 2)");
        }
        this.count = count;
        this.replicas = replicas;
        this.backlog = backlog;
        this.maxBatchBytes = maxBatchBytes;
    }

    /**
     * @param shard a shard
     * @param copy its copy, from 0
     * @return the queue of that copy: {@code kurado-shard:{s7}:1} for the first copy of shard 7,
     *     whose hash tag keeps its processing lists in its Redis Cluster slot
     */
    public static Topic topic(int shard, int copy) {
        return new Topic("kurado-shard:{s" + shard + "}:" + (copy + 1));
    }

    /**
     * Appends batches to the shard queues.
     *
     * @param batches batches in the agents' line format, in order
     * @return the number of lines routed
     * @throws io.kurado.api.queue.QueueException when a shard queue cannot be written; what was
     *     appended before stays (routing the batches again appends duplicates, which are harmless)
     */
    public int route(List<String> batches) {
        Map<Integer, List<String>> byShard = new LinkedHashMap<>();
        int lines = 0;
        for (String batch : batches) {
            if (batch.isEmpty()) {
                continue;
            }
            if (batch.length() > maxBatchBytes / 4 && batch.getBytes(StandardCharsets.UTF_8).length > maxBatchBytes) {
                byShard.computeIfAbsent(Shards.shardOf(address(batch, 0), count), k -> new ArrayList<>()).add(batch);
                continue;
            }
            Map<Integer, StringBuilder> parts = new LinkedHashMap<>();
            int start = 0;
            while (start < batch.length()) {
                int end = batch.indexOf('\n', start);
                if (end < 0) {
                    end = batch.length();
                }
                if (end > start) {
                    StringBuilder sb = parts.computeIfAbsent(Shards.shardOf(address(batch, start), count), k -> new StringBuilder());
                    if (sb.length() > 0) {
                        sb.append('\n');
                    }
                    sb.append(batch, start, end);
                    lines++;
                }
                start = end + 1;
            }
            parts.forEach((shard, text) -> byShard.computeIfAbsent(shard, k -> new ArrayList<>()).add(text.toString()));
        }
        // every shard queue in one round, so that their updaters find their parts at once
        Map<Topic, List<String>> byTopic = new LinkedHashMap<>();
        Map<Topic, int[]> slots = new java.util.HashMap<>();
        for (Map.Entry<Integer, List<String>> e : byShard.entrySet()) {
            for (int copy = 0; copy < replicas; copy++) {
                Topic t = topic(e.getKey(), copy);
                byTopic.put(t, e.getValue());
                slots.put(t, new int[] {e.getKey(), copy});
            }
        }
        if (!byTopic.isEmpty()) {
            queue.pushBounded(byTopic, backlog).forEach((topic, dropped) -> dropped(slots.get(topic)[0], slots.get(topic)[1], dropped));
        }
        routedBatches.add(batches.size());
        routedLines.add(lines);
        return lines;
    }

    private void dropped(int shard, int copy, long n) {
        AtomicLong c = droppedByShard.computeIfAbsent(shard, k -> new AtomicLong());
        if (c.getAndAdd(n) == 0) {
            log.warn("The queue of shard {} (copy {}) holds {} batches, its cluster: shard_backlog: its oldest batches are dropped"
                    + " until its node takes them; drops are counted on /status (said once per shard)", shard, copy + 1, backlog);
        }
    }

    /** The address of a line: the text before its first tab (the whole line when it has none). */
    private static String address(String batch, int from) {
        int end = batch.length();
        for (int i = from; i < batch.length(); i++) {
            char c = batch.charAt(i);
            if (c == '\t' || c == '\n') {
                end = i;
                break;
            }
        }
        return batch.substring(from, end).strip();
    }

    /** @return batches dropped from full shard queues since this router was made, by shard */
    public Map<Integer, Long> droppedByShard() {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        droppedByShard.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** @return batches dropped from full shard queues since this router was made */
    public long dropped() {
        return droppedByShard.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** @return batches routed since this router was made */
    public long routedBatches() {
        return routedBatches.sum();
    }

    /** @return whether this node holds the routing lease now */
    public boolean routing() {
        return routing;
    }

    /**
     * A view of the queue for fetch workers: a push to {@code kurado-update} goes straight to the
     * shard queues; everything else goes to the queue itself. Closing the view closes nothing.
     *
     * @return the view
     */
    public Queue routingQueue() {
        return new Queue() {
            @Override
            public void push(Topic topic, List<String> messages) {
                if (topic.equals(Topic.UPDATE)) {
                    route(messages);
                } else {
                    queue.push(topic, messages);
                }
            }

            @Override
            public QueueConsumer consumer(Topic topic, String consumerName) {
                return queue.consumer(topic, consumerName);
            }

            @Override
            public long depth(Topic topic) {
                return queue.depth(topic);
            }

            @Override
            public void close() {
                // the engine closes the queue
            }
        };
    }

    /**
     * Starts routing {@code kurado-update} whenever this node holds the routing lease.
     *
     * @param coordination where the lease is
     * @param nodeId this node's id, the lease holder
     */
    public synchronized void start(Coordination coordination, String nodeId) {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(() -> loop(coordination, nodeId), "kurado-router");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(Coordination coordination, String nodeId) {
        Optional<Lease> lease = Optional.empty();
        QueueConsumer consumer = null;
        long renewAt = 0;
        long backoff = 0;
        boolean failing = false;
        try {
            while (running) {
                try {
                    if (lease.isEmpty()) {
                        lease = coordination.tryAcquire(LEASE, nodeId, LEASE_TTL);
                        if (lease.isEmpty()) {
                            pause(1000);
                            continue;
                        }
                        log.info("This node routes {} to the shard queues now", Topic.UPDATE);
                        renewAt = System.nanoTime() + RENEW_EVERY.toNanos();
                    } else if (System.nanoTime() - renewAt >= 0) {
                        lease = coordination.renew(lease.get(), LEASE_TTL);
                        renewAt = System.nanoTime() + RENEW_EVERY.toNanos();
                        if (lease.isEmpty()) {
                            log.warn("This node lost the routing lease; another node routes {} now", Topic.UPDATE);
                            routing = false;
                            if (consumer != null) {
                                consumer.close();
                                consumer = null;
                            }
                            continue;
                        }
                    }
                    if (consumer == null) {
                        consumer = queue.consumer(Topic.UPDATE, CONSUMER);
                    }
                    routing = true;
                    List<Delivery> taken = consumer.poll(MAX_BATCHES_PER_POLL, Duration.ofSeconds(1));
                    if (!taken.isEmpty()) {
                        List<String> batches = new ArrayList<>(taken.size());
                        for (Delivery d : taken) {
                            batches.add(d.payload());
                        }
                        route(batches);
                        consumer.ack(taken);
                    }
                    if (failing) {
                        failing = false;
                        log.info("Routing {} again", Topic.UPDATE);
                    }
                    backoff = 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    if (!failing) {
                        failing = true;
                        log.warn("Routing {} failed, retrying with back-off: {}", Topic.UPDATE, e.toString());
                    }
                    backoff = Math.min(Math.max(backoff * 2, 100), 1000);
                    pause(backoff);
                }
            }
        } finally {
            routing = false;
            if (consumer != null) {
                consumer.close();
            }
            lease.ifPresent(l -> {
                try {
                    coordination.release(l);
                } catch (RuntimeException e) {
                    // it expires
                }
            });
        }
    }

    private void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops routing, finishing the batches taken, and gives the lease up. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
