package io.kurado.core.testkit;

import io.kurado.api.KuradoException;
import io.kurado.api.Sample;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.WriteResult;
import io.kurado.core.memory.InMemoryStorage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An {@link InMemoryStorage} (or another storage) that a test can make fail: refuse writes, refuse
 * to be opened for writing, or hold a write until the test lets it go on. It remembers the samples
 * written and whether it was closed.
 */
public final class FaultyStorage implements Storage {
    private final Storage inner;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile String refusing;
    private volatile String refusingToOpen;
    private volatile Predicate<Sample> holdWhen = s -> false;
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean closed;

    /** Faults over a new {@link InMemoryStorage}. */
    public FaultyStorage() {
        this(new InMemoryStorage());
    }

    /** @param inner the storage that does the work */
    public FaultyStorage(Storage inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /**
     * @param message why every write from now on is refused (a {@link KuradoException}), or null to accept them again
     * @return this storage
     */
    public FaultyStorage refuseWrites(String message) {
        this.refusing = message;
        return this;
    }

    /**
     * @param message why {@link #openForWriting()} is refused, as for a data directory another process holds
     * @return this storage
     */
    public FaultyStorage refuseToOpen(String message) {
        this.refusingToOpen = message;
        return this;
    }

    /**
     * @param when the samples whose write waits until {@link #release()}
     * @return this storage
     */
    public FaultyStorage holdWritesOf(Predicate<Sample> when) {
        this.holdWhen = Objects.requireNonNull(when, "when");
        return this;
    }

    /** @return counted down when a held write has begun */
    public CountDownLatch holding() {
        return holding;
    }

    /** Lets held writes go on. */
    public void release() {
        release.countDown();
    }

    /** @return the samples written, in order (those the inner storage skipped are not in it) */
    public List<Sample> samples() {
        return samples;
    }

    /** @return how many writes were refused */
    public int refused() {
        return refused.get();
    }

    /** @return whether it was closed */
    public boolean closed() {
        return closed;
    }

    @Override
    public void openForWriting() {
        String why = refusingToOpen;
        if (why != null) {
            throw new KuradoException(why);
        }
        inner.openForWriting();
    }

    @Override
    public WriteResult write(List<Sample> in) {
        String why = refusing;
        if (why != null) {
            refused.incrementAndGet();
            throw new KuradoException(why);
        }
        if (in.stream().anyMatch(holdWhen)) {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int written = 0;
        int skipped = 0;
        synchronized (this) {
            for (Sample s : in) {
                if (inner.write(List.of(s)).written() == 1) {
                    samples.add(s);
                    written++;
                } else {
                    skipped++;
                }
            }
        }
        return new WriteResult(written, skipped, List.of());
    }

    @Override
    public OptionalLong lastUpdate(SeriesRef series) {
        return inner.lastUpdate(series);
    }

    @Override
    public Optional<SeriesData> read(SeriesQuery query) {
        return inner.read(query);
    }

    @Override
    public List<io.kurado.api.storage.StorageProblem> problems() {
        return inner.problems();
    }

    @Override
    public long samplesLost() {
        return inner.samplesLost();
    }

    @Override
    public void close() {
        closed = true;
        inner.close();
    }
}
