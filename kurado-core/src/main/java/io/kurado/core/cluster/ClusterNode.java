package io.kurado.core.cluster;

import io.kurado.api.KuradoException;
import io.kurado.api.coordination.Coordination;
import io.kurado.api.coordination.Lease;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.Topic;
import io.kurado.api.storage.Storage;
import io.kurado.core.config.ClusterSettings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server as one node of a group sharing one Redis: it announces itself in the
 * {@link NodeRegistry}, follows the {@link ShardMap}, writes the shard copies it owns, routes
 * {@code kurado-update} when it holds the routing lease ({@link ShardRouter}), and says where each
 * host's files are ({@link #placement()}).
 *
 * <p>Once a second it reads the map and the nodes. A node that writes files and finds copies
 * nobody owns, once {@link ClusterSettings#settle()} has passed since it started (so that nodes
 * starting together see each other), shares them among the live nodes that write; owned copies
 * change hands only when an operator says so. When a copy it writes is moved away, it stops
 * writing it, lets the storage flush, and marks it released; when a copy moves to it, it waits
 * for that release, copies the files ({@link ShardCopier}), and only then takes the copy's queue,
 * where the batches waited meanwhile.
 *
 * <p>A node id is held by a lease ({@code kurado-node:<id>}) while the node runs, so that two
 * servers started with one id do not both write its shards: the second waits for the lease up to
 * {@link NodeInfo#TTL} (a node killed a moment ago lets it go by then) and is refused after.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final ClusterSettings settings;
    private final String nodeId;
    private final URI advertiseUrl;
    private final MetaStore metaStore;
    private final Coordination coordination;
    private final Optional<Queue> queue;
    private final InstantSource clock;
    private final boolean writes;
    private final ShardCopier copier;
    private final Optional<Storage> storage;
    private final LongSupplier lag;
    private final NodeRegistry registry;
    private final ShardMapStore maps;
    private final Map<String, AutoCloseable> writers = new LinkedHashMap<>();
    private final Set<String> copying = ConcurrentHashMap.newKeySet();
    private final Set<String> saidWaiting = ConcurrentHashMap.newKeySet();
    private final Set<String> saidCopyFailing = ConcurrentHashMap.newKeySet();
    private final ExecutorService copies = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kurado-shard-copy");
        t.setDaemon(true);
        return t;
    });
    private volatile Snapshot snapshot;
    private volatile Function<Topic, AutoCloseable> writerFactory;
    private ShardRouter router;
    private Lease lease;
    private Instant started;
    private long nextAnnounce;
    private Thread thread;
    private volatile boolean running;
    private boolean failing;

    /** The map and the nodes as last read. */
    private record Snapshot(ShardMap map, Map<String, NodeInfo> nodes, Instant at) {}

    private ClusterNode(Builder b) {
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.nodeId = Objects.requireNonNull(b.nodeId, "nodeId");
        ClusterSettings.nodeIdProblem(nodeId).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        this.advertiseUrl = Objects.requireNonNull(b.advertiseUrl, "advertiseUrl");
        this.metaStore = Objects.requireNonNull(b.metaStore, "metaStore");
        this.coordination = Objects.requireNonNull(b.coordination, "coordination");
        this.queue = Optional.ofNullable(b.queue);
        this.clock = b.clock;
        this.writes = b.writes;
        this.copier = b.copier;
        this.storage = Optional.ofNullable(b.storage);
        this.lag = b.lag;
        this.registry = new NodeRegistry(metaStore);
        this.maps = new ShardMapStore(metaStore);
        this.maxBatchBytes = b.maxBatchBytes;
    }

    private final int maxBatchBytes;

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes the node id's lease, reads (or makes) the shard map, announces this node and starts
     * following the map; the router starts too when the node was given a queue.
     *
     * @return this node
     * @throws KuradoException when another running server holds this node id, or the store cannot be reached
     */
    public synchronized ClusterNode start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        lease = takeNodeLease();
        started = clock.instant();
        ShardMap map = maps.readOrCreate(settings.shards(), settings.replicas());
        if (map.count() != settings.shards() || map.replicas() != settings.replicas()) {
            log.warn("The shard map has {} shards with {} replicas (made so when the first node started); cluster: shards: {} and"
                    + " replicas: {} of this configuration apply to a new map only", map.count(), map.replicas(), settings.shards(),
                    settings.replicas());
        }
        announce(started);
        snapshot = new Snapshot(map, byId(registry.nodes()), started);
        if (queue.isPresent()) {
            router = new ShardRouter(queue.get(), map.count(), map.replicas(), settings.shardBacklog(), maxBatchBytes);
            router.start(coordination, nodeId);
        }
        running = true;
        thread = new Thread(this::loop, "kurado-cluster");
        thread.setDaemon(true);
        thread.start();
        log.info("Node {} ({}) joined a group of {} nodes; the shard map (epoch {}) gives it {} of {} shard copies", nodeId,
                advertiseUrl, snapshot.nodes().size(), map.epoch(), map.slotsOf(nodeId).size(), map.slots().size());
        return this;
    }

    private Lease takeNodeLease() {
        String name = "kurado-node:" + nodeId;
        long deadline = System.nanoTime() + NodeInfo.TTL.plusSeconds(1).toNanos();
        boolean said = false;
        while (true) {
            Optional<Lease> l = coordination.tryAcquire(name, nodeId, NodeInfo.TTL);
            if (l.isPresent()) {
                return l.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new KuradoException("another running server holds the node id '" + nodeId + "'; give this one another id"
                        + " (node_id: or --node-id)");
            }
            if (!said) {
                said = true;
                log.info("Waiting up to {} s for the lease of node id {} (held by a server of that id that stopped a moment ago,"
                        + " or by another running server)", NodeInfo.TTL.toSeconds(), nodeId);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KuradoException("interrupted while waiting for the lease of node id " + nodeId, e);
            }
        }
    }

    /**
     * Starts writing the shard copies this node owns, each through a writer the factory makes for
     * the copy's queue (an updater consuming it); writers are closed when the copy moves away and
     * when this node closes.
     *
     * @param factory makes and starts the writer of one copy's queue
     */
    public void startWriting(Function<Topic, AutoCloseable> factory) {
        this.writerFactory = Objects.requireNonNull(factory, "factory");
        if (running) {
            tickQuietly();
        }
    }

    /** Stops writing: each writer finishes what it took and closes; the copies stay this node's. */
    public synchronized void stopWriting() {
        writerFactory = null;
        closeWriters();
    }

    /** Closes every writer at once (each finishes the batches it took), and waits for them all. */
    private void closeWriters() {
        List<Thread> closing = new ArrayList<>();
        for (Map.Entry<String, AutoCloseable> w : writers.entrySet()) {
            Thread t = new Thread(() -> {
                try {
                    w.getValue().close();
                } catch (Exception e) {
                    log.warn("Stopping the writer of shard copy {} failed: {}", w.getKey(), e.toString());
                }
            }, "kurado-shard-close-" + w.getKey());
            closing.add(t);
            t.start();
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        writers.clear();
    }

    /** @return this node's id */
    public String nodeId() {
        return nodeId;
    }

    /** @return where the other nodes reach this one */
    public URI advertiseUrl() {
        return advertiseUrl;
    }

    /** @return the shard map as last read */
    public ShardMap map() {
        return snapshot.map();
    }

    /** @return the router, which fetch workers push through (empty when this node was given no queue) */
    public Optional<ShardRouter> router() {
        return Optional.ofNullable(router);
    }

    /** @return the shard copies this node writes now, as labels */
    public synchronized List<String> writing() {
        return List.copyOf(writers.keySet());
    }

    /**
     * @return where each host's files are, by the map and the nodes as last read: the owners of its
     *     shard's copies (while a copy moves, the node it moves from, which has the files), local
     *     when this node is one of them
     */
    public HostPlacement placement() {
        return address -> {
            Snapshot s = snapshot;
            int shard = Shards.shardOf(address, s.map().count());
            List<Peer> holders = new ArrayList<>();
            boolean local = false;
            for (ShardSlot c : s.map().copies(shard)) {
                Optional<String> holder = c.moving() ? c.from() : c.owner();
                if (holder.isEmpty()) {
                    continue;
                }
                String h = holder.get();
                local |= h.equals(nodeId);
                NodeInfo n = s.nodes().get(h);
                holders.add(n != null ? n.peer(s.at()) : new Peer(h, URI.create("http://" + h + "/"), false));
            }
            return holders.isEmpty() ? Placement.HERE : new Placement(local, holders);
        };
    }

    /** @return the group as last read, with the backlog of each copy's queue read now */
    public ClusterStatus status() {
        Snapshot s = snapshot;
        return ClusterStatus.of(s.map(), List.copyOf(s.nodes().values()), queue, clock.instant());
    }

    private void loop() {
        while (running) {
            tickQuietly();
            try {
                TimeUnit.MILLISECONDS.sleep(TICK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void tickQuietly() {
        try {
            tick();
            if (failing) {
                failing = false;
                log.info("Following the shard map again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("Cannot read or change the shard map and the nodes (retrying each second; this node keeps writing the"
                        + " shards it has): {}", e.toString());
            }
        }
    }

    private synchronized void tick() {
        if (!running) {
            return;
        }
        Instant now = clock.instant();
        if (System.nanoTime() - nextAnnounce >= 0) {
            renewLease();
            announce(now);
        }
        ShardMap map = maps.read().orElseGet(() -> maps.readOrCreate(settings.shards(), settings.replicas()));
        List<NodeInfo> nodes = registry.nodes();
        if (writes && !map.unowned().isEmpty() && !now.isBefore(started.plus(settings.settle()))) {
            List<String> live = new ArrayList<>(nodes.stream().filter(n -> n.writes() && n.alive(now)).map(NodeInfo::nodeId).toList());
            if (!live.contains(nodeId)) {
                live.add(nodeId);
            }
            ShardMap before = map;
            map = maps.update(m -> m.withUnownedShared(live));
            if (map.epoch() != before.epoch() && map.unowned().size() < before.unowned().size()) {
                log.info("Shared {} shard copies nobody owned among {} (epoch {}); this node writes {}",
                        before.unowned().size() - map.unowned().size(), live, map.epoch(), map.slotsOf(nodeId).size());
            }
        }
        snapshot = new Snapshot(map, byId(nodes), now);
        reconcile(map);
    }

    private void renewLease() {
        Optional<Lease> renewed = coordination.renew(lease, NodeInfo.TTL);
        if (renewed.isPresent()) {
            lease = renewed.get();
            return;
        }
        Optional<Lease> again = coordination.tryAcquire("kurado-node:" + nodeId, nodeId, NodeInfo.TTL);
        if (again.isPresent()) {
            lease = again.get();
            log.warn("The lease of node id {} had lapsed (Redis was out of reach, or this process paused); taken again", nodeId);
        } else {
            log.error("Another server holds the node id {} now: two servers of one id write the same shards; stop one", nodeId);
        }
    }

    private void announce(Instant now) {
        long dropped = router == null ? 0 : router.dropped();
        registry.announce(new NodeInfo(nodeId, advertiseUrl, started, now, writes, Math.max(0, lag.getAsLong()), dropped));
        nextAnnounce = System.nanoTime() + NodeInfo.INTERVAL.toNanos();
    }

    private void reconcile(ShardMap map) {
        Function<Topic, AutoCloseable> factory = writerFactory;
        for (ShardSlot slot : map.slots()) {
            String key = slot.label();
            boolean active = writers.containsKey(key);
            if (slot.ownedBy(nodeId) && !slot.from().filter(nodeId::equals).isPresent()) {
                if (active || factory == null) {
                    continue;
                }
                if (slot.moving()) {
                    receive(slot, map);
                } else {
                    startWriter(slot, factory);
                }
            } else {
                if (active) {
                    stopWriter(key, slot);
                }
                if (slot.from().filter(nodeId::equals).isPresent() && !slot.released()) {
                    release(slot);
                }
            }
        }
    }

    private void startWriter(ShardSlot slot, Function<Topic, AutoCloseable> factory) {
        Topic topic = ShardRouter.topic(slot.shard(), slot.copy());
        writers.put(slot.label(), factory.apply(topic));
        saidWaiting.remove(slot.label());
        log.debug("Writing shard copy {} from {}", slot.label(), topic);
    }

    private void stopWriter(String key, ShardSlot slot) {
        AutoCloseable w = writers.remove(key);
        try {
            w.close();
        } catch (Exception e) {
            log.warn("Stopping the writer of shard copy {} failed: {}", key, e.toString());
        }
        log.info("Stopped writing shard copy {}: it belongs to {} now", key, slot.owner().orElse("nobody"));
    }

    /** The copy moves away from this node: its writer has stopped; flush, and say so in the map. */
    private void release(ShardSlot slot) {
        storage.ifPresent(s -> {
            long waiting = s.flush();
            if (waiting > 0) {
                log.warn("{} samples could not be written into their files before shard copy {} moves to {}", waiting, slot.label(),
                        slot.owner().orElse("nobody"));
            }
        });
        maps.update(m -> {
            ShardSlot now = m.slot(slot.shard(), slot.copy());
            return now.from().filter(nodeId::equals).isPresent() && !now.released() ? m.withSlot(now.withReleased()) : m;
        });
        log.info("Handed shard copy {} over to {}: stopped writing it and flushed its files", slot.label(), slot.owner().orElse("nobody"));
    }

    /** The copy moves to this node: once its source has released it, copy its files, then take its queue. */
    private void receive(ShardSlot slot, ShardMap map) {
        String key = slot.label();
        String from = slot.from().orElseThrow();
        if (!slot.released()) {
            if (saidWaiting.add(key)) {
                log.info("Shard copy {} moves to this node: waiting for {} to stop writing it (its batches wait in Redis)", key, from);
            }
            return;
        }
        if (!copying.add(key)) {
            return;
        }
        Snapshot s = snapshot;
        NodeInfo source = s.nodes().get(from);
        Peer peer = source != null ? source.peer(clock.instant()) : new Peer(from, URI.create("http://" + from + "/"), false);
        copies.execute(() -> {
            try {
                long files = copier.copy(slot.shard(), map.count(), peer);
                maps.update(m -> {
                    ShardSlot now = m.slot(slot.shard(), slot.copy());
                    return now.ownedBy(nodeId) && now.from().equals(slot.from()) ? m.withSlot(now.settled()) : m;
                });
                saidCopyFailing.remove(key);
                log.info("Copied {} files of shard {} from {}; writing shard copy {} from now on", files, slot.shard(), from, key);
            } catch (RuntimeException e) {
                String why = e.getMessage() != null ? e.getMessage() : e.toString();
                if (saidCopyFailing.add(key)) {
                    log.warn("Copying the files of shard {} from {} failed (tried again every few seconds, said once; its batches"
                            + " wait in Redis): {}", slot.shard(), from, why);
                } else {
                    log.debug("Copying the files of shard {} from {} failed again: {}", slot.shard(), from, why);
                }
                try {
                    TimeUnit.SECONDS.sleep(5);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            } finally {
                copying.remove(key);
            }
        });
    }

    private static Map<String, NodeInfo> byId(List<NodeInfo> nodes) {
        Map<String, NodeInfo> m = new HashMap<>();
        for (NodeInfo n : nodes) {
            m.put(n.nodeId(), n);
        }
        return Map.copyOf(m);
    }

    /**
     * Stops writing (each writer finishes what it took), stops routing, says in the registry that
     * this node is down, and gives its node id up. Its shards stay its own.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        copies.shutdownNow();
        synchronized (this) {
            closeWriters();
        }
        if (router != null) {
            router.close();
        }
        if (lease != null) {
            try {
                Instant gone = clock.instant().minus(NodeInfo.TTL);
                registry.announce(new NodeInfo(nodeId, advertiseUrl, started, gone, writes, 0, router == null ? 0 : router.dropped()));
                coordination.release(lease);
            } catch (RuntimeException e) {
                // the lease and the announcement lapse by themselves
            }
        }
    }

    /** Collects a node. */
    public static final class Builder {
        private ClusterSettings settings;
        private String nodeId;
        private URI advertiseUrl;
        private MetaStore metaStore;
        private Coordination coordination;
        private Queue queue;
        private InstantSource clock = InstantSource.system();
        private boolean writes = true;
        private ShardCopier copier = ShardCopier.UNAVAILABLE;
        private Storage storage;
        private LongSupplier lag = () -> 0;
        private int maxBatchBytes = Integer.MAX_VALUE;

        private Builder() {}

        /** @param v the {@code cluster} settings (required) @return this builder */
        public Builder settings(ClusterSettings v) {
            this.settings = v;
            return this;
        }

        /** @param v this node's id (required) @return this builder */
        public Builder nodeId(String v) {
            this.nodeId = v;
            return this;
        }

        /** @param v where the other nodes reach this one (required) @return this builder */
        public Builder advertiseUrl(URI v) {
            this.advertiseUrl = v;
            return this;
        }

        /** @param v the shared meta store: the map and the registry are there (required) @return this builder */
        public Builder metaStore(MetaStore v) {
            this.metaStore = v;
            return this;
        }

        /** @param v the shared coordination: the node and routing leases (required) @return this builder */
        public Builder coordination(Coordination v) {
            this.coordination = v;
            return this;
        }

        /** @param v the shared queue, for routing and the backlog; none for a node that neither routes nor writes @return this builder */
        public Builder queue(Queue v) {
            this.queue = v;
            return this;
        }

        /** @param v the clock @return this builder */
        public Builder clock(InstantSource v) {
            this.clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /** @param v whether this node writes files and so may own shards (default true) @return this builder */
        public Builder writes(boolean v) {
            this.writes = v;
            return this;
        }

        /** @param v copies a shard's files from another node when one moves here @return this builder */
        public Builder copier(ShardCopier v) {
            this.copier = Objects.requireNonNull(v, "copier");
            return this;
        }

        /** @param v the storage, flushed when a shard moves away; none when the node writes nothing @return this builder */
        public Builder storage(Storage v) {
            this.storage = v;
            return this;
        }

        /** @param v how far behind the newest written sample is, in milliseconds, for the registry @return this builder */
        public Builder lag(LongSupplier v) {
            this.lag = Objects.requireNonNull(v, "lag");
            return this;
        }

        /** @param v the configuration's {@code max_batch_bytes}, for the router @return this builder */
        public Builder maxBatchBytes(int v) {
            this.maxBatchBytes = v;
            return this;
        }

        /** @return the node, not started */
        public ClusterNode build() {
            return new ClusterNode(this);
        }
    }
}
