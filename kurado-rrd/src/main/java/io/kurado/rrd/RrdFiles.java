package io.kurado.rrd;

import io.kurado.api.KuradoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.rrd4j.core.RrdBackendFactory;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RRD files open in this JVM: a bounded, least-recently-used cache that holds exactly one
 * {@link RrdDb} per file, shared by the storage that writes and the graph renderer that reads.
 *
 * <p>Every access to a file goes through {@link #withDb(Path, Function)} (or the storage's
 * package-private writing variant). The function runs while this cache holds the file's lock, so
 * it sees every sample accepted before it and no write interleaves with it. The {@code RrdDb}
 * handed to the function belongs to the cache: the function must not close it and must not keep
 * it (or anything that reads through it) after it returns, because the cache may close the file
 * at any time afterwards. Read what you need inside the function, e.g. with
 * {@code db.createFetchRequest(...).fetchData()}, and hand a {@code FetchData} to rrd4j's graph
 * builder ({@code RrdGraphDef.datasource(name, fetchData)}) rather than a file path, which would
 * open a second {@code RrdDb} on the same file.
 *
 * <p>When more files are wanted than the capacity allows, the least recently used idle file is
 * closed; a file in use is never closed. Nothing is synced on update or on eviction; the
 * operating system writes the pages back. {@link #close()} closes every file.
 *
 * @since 0.1
 */
public final class RrdFiles implements AutoCloseable {
    /** The capacity asked for when none is configured: as many files as the kernel allows. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private static final Logger LOG = LoggerFactory.getLogger(RrdFiles.class);

    private final int capacity;
    private final RrdBackendKind backend;
    private final RrdBackendFactory factory;
    private final LinkedHashMap<Path, Handle> open = new LinkedHashMap<>(1024, 0.75f, true);
    private final LongAdder opens = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private boolean closed;

    /**
     * Opens a cache of exactly this size and backend. Prefer {@link #withinLimits(int, Optional)},
     * which keeps the size inside the kernel's limits.
     *
     * @param capacity the most files kept open when idle, at least 1
     * @param backend how files are held
     */
    public RrdFiles(int capacity, RrdBackendKind backend) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.backend = Objects.requireNonNull(backend, "backend");
        this.factory = backend == RrdBackendKind.MMAP
                ? new MappedRrdBackendFactory()
                : new RrdRandomAccessFileBackendFactory();
    }

    /**
     * Opens a cache sized within the limits of this process: with the {@link RrdBackendKind#MMAP}
     * backend no more files than {@code vm.max_map_count} leaves room for, with
     * {@link RrdBackendKind#FILE} no more than the open-file limit leaves room for. Without a
     * backend asked for, the one that can hold more files is chosen, mapping when both can hold
     * them all.
     *
     * @param requested the capacity wanted
     * @param backend the backend wanted, or empty to choose
     * @return the cache
     */
    public static RrdFiles withinLimits(int requested, Optional<RrdBackendKind> backend) {
        Plan plan = plan(requested, backend, KernelLimits.read());
        if (plan.capacity() < requested) {
            LOG.info("keeping at most {} RRD files open ({} asked for) to stay within the kernel limits",
                    plan.capacity(), requested);
        }
        return new RrdFiles(plan.capacity(), plan.backend());
    }

    /** A capacity and backend chosen within limits. */
    record Plan(int capacity, RrdBackendKind backend) {}

    static Plan plan(int requested, Optional<RrdBackendKind> wanted, KernelLimits limits) {
        if (requested < 1) {
            throw new KuradoException("the number of open RRD files must be at least 1, not " + requested);
        }
        long maps = limits.mappingBudget().orElse(Long.MAX_VALUE);
        long fds = limits.descriptorBudget().orElse(Long.MAX_VALUE);
        RrdBackendKind kind = wanted.orElseGet(() -> requested <= maps || maps >= fds
                ? RrdBackendKind.MMAP : RrdBackendKind.FILE);
        long budget = kind == RrdBackendKind.MMAP ? maps : fds;
        return new Plan((int) Math.max(1, Math.min(requested, budget)), kind);
    }

    /** @return the most files kept open when idle */
    public int capacity() {
        return capacity;
    }

    /** @return how the files are held */
    public RrdBackendKind backend() {
        return backend;
    }

    /** @return the number of files open now */
    public int openFiles() {
        synchronized (open) {
            return open.size();
        }
    }

    /** @return how many times a file was opened or created since this cache was made */
    public long opens() {
        return opens.sum();
    }

    /** @return how many idle files were closed to make room since this cache was made */
    public long evictions() {
        return evictions.sum();
    }

    /**
     * Runs a function on an existing RRD file, opening it if it is not open yet. The function runs
     * under the file's lock and sees every sample written before it; see the class comment for
     * what it may do with the {@code RrdDb}.
     *
     * @param file the RRD file
     * @param reader reads what it needs from the file
     * @param <T> what it reads
     * @return what the function returned
     * @throws KuradoException naming the file when it does not exist or cannot be opened
     */
    public <T> T withDb(Path file, Function<RrdDb, T> reader) {
        Objects.requireNonNull(reader, "reader");
        try {
            return access(file, Optional.empty(), reader::apply);
        } catch (IOException e) {
            throw new KuradoException("cannot read RRD file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A function on an open file that may fail with an I/O error. */
    @FunctionalInterface
    interface DbFunction<T> {
        T apply(RrdDb db) throws IOException;
    }

    /**
     * Runs a function on a file, creating the file (and its directories) from a definition when it
     * is missing and a definition is given.
     */
    <T> T access(Path file, Optional<Supplier<RrdDef>> create, DbFunction<T> fn) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        Handle h;
        synchronized (open) {
            if (closed) {
                throw new KuradoException("RRD files are closed; cannot open " + key);
            }
            h = open.get(key);
            if (h == null) {
                h = new Handle(key);
                open.put(key, h);
            }
            h.users++;
        }
        boolean failed = false;
        h.lock.lock();
        try {
            if (h.db == null) {
                h.db = openDb(key, create);
                opens.increment();
            }
            return fn.apply(h.db);
        } catch (IOException | RuntimeException e) {
            failed = h.db == null;
            throw e;
        } finally {
            h.lock.unlock();
            release(h, failed);
        }
    }

    private RrdDb openDb(Path file, Optional<Supplier<RrdDef>> create) throws IOException {
        if (Files.isRegularFile(file)) {
            return RrdDb.getBuilder().setPath(file.toString()).setBackendFactory(factory).build();
        }
        if (create.isEmpty()) {
            throw new KuradoException("RRD file " + file + " does not exist");
        }
        Files.createDirectories(file.getParent());
        RrdDef def = create.get().get();
        def.setPath(file.toString());
        return RrdDb.getBuilder().setRrdDef(def).setBackendFactory(factory).build();
    }

    private void release(Handle h, boolean failed) {
        List<Handle> victims = new ArrayList<>();
        synchronized (open) {
            h.users--;
            if (failed && h.users == 0 && h.db == null && open.get(h.path) == h) {
                open.remove(h.path);
            }
            if (open.size() > capacity) {
                Iterator<Map.Entry<Path, Handle>> it = open.entrySet().iterator();
                int excess = open.size() - capacity;
                while (excess > 0 && it.hasNext()) {
                    Handle v = it.next().getValue();
                    if (v.users == 0) {
                        it.remove();
                        victims.add(v);
                        excess--;
                    }
                }
                // Closed while still holding the map lock: no other thread can open the same file
                // again before its previous RrdDb is closed. Idle handles hold no lock.
                victims.forEach(this::closeQuietly);
                evictions.add(victims.size());
            }
        }
    }

    private void closeQuietly(Handle h) {
        RrdDb db = h.db;
        h.db = null;
        if (db != null) {
            try {
                db.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("closing RRD file {} failed: {}", h.path, e.toString());
            }
        }
    }

    /**
     * Closes every open file, waiting for a thread still inside a function on a file. Later
     * accesses fail. Idempotent.
     */
    @Override
    public void close() {
        List<Handle> all;
        synchronized (open) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(open.values());
            open.clear();
        }
        for (Handle h : all) {
            h.lock.lock();
            try {
                closeQuietly(h);
            } finally {
                h.lock.unlock();
            }
        }
        try {
            factory.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing the RRD backend failed: {}", e.toString());
        }
    }

    /** One file: its single {@code RrdDb}, the lock that orders access and the count of users. */
    private static final class Handle {
        final Path path;
        final ReentrantLock lock = new ReentrantLock();
        /** Guarded by {@link #lock} (and by the map lock when idle). */
        RrdDb db;
        /** Guarded by the map lock. */
        int users;

        Handle(Path path) {
            this.path = path;
        }
    }
}
