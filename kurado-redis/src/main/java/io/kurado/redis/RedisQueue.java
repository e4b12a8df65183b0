package io.kurado.redis;

import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.QueueException;
import io.kurado.api.queue.Topic;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Queue} on Redis lists, wire-compatible with the original: producers {@code RPUSH} to
 * {@code kurado-update} and {@code kurado-fetch}, so a Perl agent can push to it unchanged.
 *
 * <p>Consumers take messages at least once: {@code BLMOVE} moves the first message of the list
 * into a processing list named after the consumer ({@code {<topic>}:processing:<name>}, whose hash
 * tag puts it in the same Redis Cluster slot as the list {@code <topic>}; see
 * {@link #processingKey(Topic, String)}), a short
 * script moves up to the rest of a batch in the same way, and {@link QueueConsumer#ack} removes
 * them once handled. A consumer that opens finds what a dead consumer of its name left there and
 * puts it back at the head of the list; so does a consumer that lost its connection, once it has
 * nothing in flight, since a command whose reply was lost may still have moved messages. A consumer
 * that cannot handle what it took gives it back ({@link QueueConsumer#release}): moved from its
 * processing list to the head of the list, in order, by one script. Every command and script
 * touches the list and processing lists of one topic only, all in one slot, so the queue works on a
 * Redis Cluster as on one server. On one server a consumer that opens also puts back what the
 * versions before the hash tag left in {@code <topic>:processing:<name>}.
 *
 * <p>One shared connection serves producers and depth; each consumer has its own
 * connection, since a blocking command holds its connection. Consumers take and acknowledge
 * messages as bytes, so that a message that is not UTF-8 is acknowledged like any other. While Redis is unreachable a push
 * fails at once with a {@link QueueException}; consumers wait with back-off and log the outage
 * once, and the recovery once.
 */
public final class RedisQueue implements Queue {
    private static final Logger log = LoggerFactory.getLogger(RedisQueue.class);

    /** The most messages one poll takes. */
    public static final int MAX_BATCH = 1000;
    /** Keys as text, messages as the bytes they are. */
    private static final RedisCodec<String, byte[]> CONSUMER_CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    /** The longest a poll blocks in Redis: well inside the command timeout. */
    static final Duration MAX_BLOCK = Duration.ofSeconds(5);

    /** Moves up to ARGV[1] messages from the head of KEYS[1] to the tail of KEYS[2]; returns them. */
    private static final String TAKE = """
            local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
            if #items > 0 then
              redis.call('LTRIM', KEYS[1], #items, -1)
              for i = 1, #items, 200 do
                redis.call('RPUSH', KEYS[2], unpack(items, i, math.min(i + 199, #items)))
              end
            end
            return items
            """;
    /** Puts everything in KEYS[2] back at the head of KEYS[1], in order; returns how many. */
    private static final String REQUEUE = """
            local items = redis.call('LRANGE', KEYS[2], 0, -1)
            for i = #items, 1, -1 do
              redis.call('LPUSH', KEYS[1], items[i])
            end
            redis.call('DEL', KEYS[2])
            return #items
            """;

    /** Removes one occurrence of each ARGV from KEYS[1]. */
    private static final String ACK = """
            for i = 1, #ARGV do
              redis.call('LREM', KEYS[1], 1, ARGV[i])
            end
            return #ARGV
            """;

    /** Moves each ARGV, in order, from KEYS[2] back to the head of KEYS[1] (the first ARGV first); returns how many. */
    private static final String RELEASE = """
            local n = 0
            for i = #ARGV, 1, -1 do
              if redis.call('LREM', KEYS[2], 1, ARGV[i]) > 0 then
                redis.call('LPUSH', KEYS[1], ARGV[i])
                n = n + 1
              end
            end
            return n
            """;

    private final RedisConnector connector;
    private final RedisLink<String, String> shared;
    private final String node;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.Set<Consumer> consumers = ConcurrentHashMap.newKeySet();

    /**
     * Connects with a client of its own, shut down when this queue closes.
     *
     * @param uri where Redis is (see {@link RedisSetting#parse(String)})
     * @param node this process's name, stored as the holder of locks
     * @throws QueueException when Redis cannot be reached
     */
    public RedisQueue(RedisURI uri, String node) {
        this(RedisConnector.owned(uri).retain(), node);
    }

    /**
     * Connects through the application's client, which this queue never shuts down.
     *
     * @param client the application's client
     * @param uri where Redis is
     * @param node this process's name, stored as the holder of locks
     * @throws QueueException when Redis cannot be reached
     */
    public RedisQueue(RedisClient client, RedisURI uri, String node) {
        this(RedisConnector.borrowed(client, uri).retain(), node);
    }

    /**
     * Connects with a client of its own, shut down when this queue closes.
     *
     * @param address where Redis is: one server, a Sentinel set or a Cluster (see {@link RedisSetting#address(String)})
     * @param node this process's name, stored as the holder of locks
     * @throws QueueException when Redis cannot be reached
     */
    public RedisQueue(RedisAddress address, String node) {
        this(RedisConnector.owned(address).retain(), node);
    }

    /**
     * Connects through the application's Redis Cluster client, which this queue never shuts down.
     *
     * @param client the application's client
     * @param address the Cluster's seeds, as the client was made with
     * @param node this process's name, stored as the holder of locks
     * @throws QueueException when Redis cannot be reached
     */
    public RedisQueue(RedisClusterClient client, RedisAddress address, String node) {
        this(RedisConnector.borrowed(client, address).retain(), node);
    }

    RedisQueue(RedisConnector connector, String node) {
        this.node = Objects.requireNonNull(node, "node");
        this.connector = connector;
        try {
            this.shared = connector.connect();
        } catch (RedisException e) {
            connector.release();
            throw new QueueException("cannot connect to " + connector + ": " + rootMessage(e), e);
        }
    }

    /**
     * The processing list of a consumer, in the Redis Cluster slot of its topic's list, since
     * {@code BLMOVE} and the scripts touch both: {@code {<topic>}:processing:<name>}, whose hash
     * tag is the topic's name, for a topic without a hash tag of its own (such as
     * {@code kurado-update}, the name Perl agents push to); {@code <topic>:processing:<name>} for a
     * topic with one (such as {@code kurado:{s01}:update}), whose tag it keeps.
     *
     * @param topic a topic
     * @param consumerName a consumer name
     * @return the Redis key of that consumer's processing list
     * @throws IllegalArgumentException when the topic's name has a {@code '}'} but no hash tag:
     *     no other key can share its slot
     */
    public static String processingKey(Topic topic, String consumerName) {
        String name = topic.name();
        if (hasHashTag(name)) {
            return name + ":processing:" + consumerName;
        }
        if (name.indexOf('}') >= 0) {
            throw new IllegalArgumentException("the topic '" + name + "' has a '}' but no hash tag {…}: no processing"
                    + " list can share its Redis Cluster slot");
        }
        return "{" + name + "}:processing:" + consumerName;
    }

    /**
     * @param topic a topic
     * @param consumerName a consumer name
     * @return the processing list's name before the hash tag, which a server of an earlier version
     *     may have left messages in
     */
    static String legacyProcessingKey(Topic topic, String consumerName) {
        return topic.name() + ":processing:" + consumerName;
    }

    /** @return whether Redis Cluster hashes the key on a part in braces: a '{' with a '}' after it, something between */
    static boolean hasHashTag(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return false;
        }
        int close = key.indexOf('}', open + 1);
        return close > open + 1;
    }

    @Override
    public void push(Topic topic, List<String> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            shared.sync().rpush(topic.name(), messages.toArray(String[]::new));
        } catch (RedisException e) {
            throw new QueueException("could not push " + messages.size() + " message(s) to " + topic + " on "
                    + connector + ": " + rootMessage(e), e);
        }
    }

    /** Appends ARGV[2..] to KEYS[1], then keeps its last ARGV[1] entries; returns how many it dropped. */
    private static final String PUSH_BOUNDED = """
            for i = 2, #ARGV, 200 do
              redis.call('RPUSH', KEYS[1], unpack(ARGV, i, math.min(i + 199, #ARGV)))
            end
            local over = redis.call('LLEN', KEYS[1]) - tonumber(ARGV[1])
            if over > 0 then
              redis.call('LTRIM', KEYS[1], over, -1)
              return over
            end
            return 0
            """;

    /** One script on one key, so the bound holds on a Redis Cluster too. */
    @Override
    public long pushBounded(Topic topic, List<String> messages, long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        if (messages.isEmpty()) {
            return 0;
        }
        String[] args = new String[messages.size() + 1];
        args[0] = Long.toString(limit);
        for (int i = 0; i < messages.size(); i++) {
            args[i + 1] = messages.get(i);
        }
        try {
            Long dropped = shared.sync().eval(PUSH_BOUNDED, ScriptOutputType.INTEGER, new String[] {topic.name()}, args);
            return dropped == null ? 0 : dropped;
        } catch (RedisException e) {
            throw new QueueException("could not push " + messages.size() + " message(s) to " + topic + " on "
                    + connector + ": " + rootMessage(e), e);
        }
    }

    /** One script per topic, sent together and awaited together: one round trip for all of them. */
    @Override
    public java.util.Map<Topic, Long> pushBounded(java.util.Map<Topic, List<String>> messages, long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        java.util.Map<Topic, io.lettuce.core.RedisFuture<Long>> sent = new java.util.LinkedHashMap<>();
        io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> a = shared.async();
        int count = 0;
        for (java.util.Map.Entry<Topic, List<String>> e : messages.entrySet()) {
            List<String> m = e.getValue();
            if (m.isEmpty()) {
                continue;
            }
            String[] args = new String[m.size() + 1];
            args[0] = Long.toString(limit);
            for (int i = 0; i < m.size(); i++) {
                args[i + 1] = m.get(i);
            }
            count += m.size();
            sent.put(e.getKey(), a.eval(PUSH_BOUNDED, ScriptOutputType.INTEGER, new String[] {e.getKey().name()}, args));
        }
        java.util.Map<Topic, Long> dropped = new java.util.LinkedHashMap<>();
        long deadline = System.nanoTime() + connector.timeout().toNanos();
        Throwable failure = null;
        for (java.util.Map.Entry<Topic, io.lettuce.core.RedisFuture<Long>> e : sent.entrySet()) {
            try {
                Long d = e.getValue().get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                if (d != null && d > 0) {
                    dropped.put(e.getKey(), d);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                failure = failure == null ? ie : failure;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
                failure = failure == null ? ex : failure;
            }
        }
        if (failure != null) {
            throw new QueueException("could not push " + count + " message(s) to " + sent.size() + " topics on " + connector + ": "
                    + rootMessage(failure), failure);
        }
        return dropped;
    }

    @Override
    public QueueConsumer consumer(Topic topic, String consumerName) {
        processingKey(topic, consumerName); // a topic no processing list can go with fails before connecting
        RedisLink<String, byte[]> conn;
        try {
            conn = connector.connect(CONSUMER_CODEC);
        } catch (RedisException e) {
            throw new QueueException("cannot connect to " + connector + ": " + rootMessage(e), e);
        }
        Consumer c = new Consumer(topic, consumerName, conn);
        String legacy = legacyProcessingKey(topic, consumerName);
        String from = c.processing;
        try {
            c.requeueLeftovers();
            if (!conn.cluster() && !legacy.equals(c.processing)) {
                // older leftovers last, so that they end up first
                from = legacy;
                c.requeue(legacy);
            }
        } catch (RedisException e) {
            conn.close();
            throw new QueueException("cannot put back what an earlier consumer '" + consumerName + "' left in "
                    + from + " on " + connector + ": " + rootMessage(e), e);
        }
        consumers.add(c);
        return c;
    }

    @Override
    public long depth(Topic topic) {
        try {
            return shared.sync().llen(topic.name());
        } catch (RedisException e) {
            throw new QueueException("could not read the length of " + topic + " on " + connector + ": "
                    + rootMessage(e), e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Consumer c : consumers) {
            c.close();
        }
        shared.close();
        connector.release();
    }

    @Override
    public String toString() {
        return "RedisQueue[" + connector + "]";
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private final class Consumer implements QueueConsumer {
        private final Topic topic;
        private final String processing;
        private final RedisLink<String, byte[]> conn;
        private final AtomicBoolean consumerClosed = new AtomicBoolean();
        private int inFlight;
        private boolean failing;
        private long backoffMillis;

        Consumer(Topic topic, String name, RedisLink<String, byte[]> conn) {
            this.topic = topic;
            this.processing = processingKey(topic, name);
            this.conn = conn;
        }

        void requeueLeftovers() {
            requeue(processing);
        }

        void requeue(String list) {
            Long n = conn.sync().eval(REQUEUE, ScriptOutputType.INTEGER, new String[] {topic.name(), list});
            if (n != null && n > 0) {
                log.info("Put {} message(s) that an earlier consumer took from {} but did not finish back on the queue"
                        + " (from {})", n, topic, list);
            }
        }

        @Override
        public List<Delivery> poll(int max, Duration timeout) throws InterruptedException {
            if (max < 1) {
                throw new IllegalArgumentException("max must be positive, got " + max);
            }
            if (consumerClosed.get()) {
                return List.of();
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int n = Math.min(max, MAX_BATCH);
            double block = Math.max(0.01, Math.min(Math.min(timeout.toMillis(), MAX_BLOCK.toMillis()),
                    connector.timeout().toMillis() / 2) / 1000.0);
            List<Delivery> out = new ArrayList<>(1);
            try {
                RedisClusterCommands<String, byte[]> cmd = conn.sync();
                if (failing && inFlight == 0) {
                    requeueLeftovers();
                }
                if (timeout.isZero() || timeout.isNegative()) {
                    // no wait: what there is, moved to the processing list by one script, one round trip
                    List<byte[]> taken = cmd.eval(TAKE, ScriptOutputType.MULTI, new String[] {topic.name(), processing},
                            Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
                    recovered();
                    for (byte[] m : taken) {
                        out.add(new Delivery(topic, m));
                    }
                    inFlight += taken.size();
                    return out;
                }
                byte[] first = cmd.blmove(topic.name(), processing, LMoveArgs.Builder.leftRight(), block);
                recovered();
                if (first == null) {
                    return List.of();
                }
                out.add(new Delivery(topic, first));
                inFlight++;
                if (n > 1) {
                    List<byte[]> rest = cmd.eval(TAKE, ScriptOutputType.MULTI, new String[] {topic.name(), processing},
                            Integer.toString(n - 1).getBytes(StandardCharsets.US_ASCII));
                    for (byte[] m : rest) {
                        out.add(new Delivery(topic, m));
                    }
                    inFlight += rest.size();
                }
                return out;
            } catch (RedisException e) {
                if (consumerClosed.get()) {
                    return out;
                }
                failed(e);
                return out;
            }
        }

        private void recovered() {
            if (failing) {
                failing = false;
                backoffMillis = 0;
                log.info("Consuming {} from {} again", topic, connector);
            }
        }

        private void failed(RedisException e) throws InterruptedException {
            if (!failing) {
                failing = true;
                log.warn("Lost {} on {}: {}; retrying with back-off until it answers", topic, connector,
                        rootMessage(e));
            }
            backoffMillis = backoffMillis == 0 ? 100 : Math.min(backoffMillis * 2, 1_000);
            Thread.sleep(backoffMillis);
        }

        @Override
        public void ack(List<Delivery> deliveries) {
            if (deliveries.isEmpty()) {
                return;
            }
            try {
                conn.sync().eval(ACK, ScriptOutputType.INTEGER, new String[] {processing},
                        deliveries.stream().map(Delivery::body).toArray(byte[][]::new));
                inFlight = Math.max(0, inFlight - deliveries.size());
            } catch (RedisException e) {
                // They stay in the processing list and come back after the next recovery: at least once.
                inFlight = Math.max(0, inFlight - deliveries.size());
                failing = true;
                log.warn("Could not acknowledge {} message(s) of {}: {}; they will be delivered again",
                        deliveries.size(), topic, rootMessage(e));
            }
        }

        @Override
        public void release(List<Delivery> deliveries) {
            if (deliveries.isEmpty()) {
                return;
            }
            try {
                conn.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {topic.name(), processing},
                        deliveries.stream().map(Delivery::body).toArray(byte[][]::new));
                inFlight = Math.max(0, inFlight - deliveries.size());
            } catch (RedisException e) {
                // They stay in the processing list: given back again after the next recovery or restart.
                inFlight = Math.max(0, inFlight - deliveries.size());
                failing = true;
                log.warn("Could not give {} message(s) of {} back: {}; they stay with this consumer", deliveries.size(),
                        topic, rootMessage(e));
            }
        }

        @Override
        public void close() {
            if (consumerClosed.compareAndSet(false, true)) {
                consumers.remove(this);
                conn.close();
            }
        }
    }
}
