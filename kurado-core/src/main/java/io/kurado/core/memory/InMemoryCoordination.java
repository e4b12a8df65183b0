package io.kurado.core.memory;

import io.kurado.api.coordination.Coordination;
import io.kurado.api.coordination.Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Leases within one process, by an injected clock: the embedded default, where one server is the
 * only node. Expired leases are forgotten, so names that change every minute do not accumulate.
 */
public final class InMemoryCoordination implements Coordination {
    /** Expired leases are swept after this many acquisitions. */
    private static final int SWEEP_EVERY = 64;

    private final InstantSource clock;
    private final Map<String, Lease> leases = new HashMap<>();
    private final AtomicLong tokens = new AtomicLong();
    private int sinceSweep;

    /** @param clock the clock that decides expiry */
    public InMemoryCoordination(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Optional<Lease> tryAcquire(String name, String owner, Duration ttl) {
        requirePositive(ttl);
        Instant now = clock.instant();
        if (++sinceSweep >= SWEEP_EVERY) {
            sweep(now);
        }
        Lease held = leases.get(name);
        if (held != null && held.expires().isAfter(now)) {
            return Optional.empty();
        }
        Lease lease = new Lease(name, owner, Long.toString(tokens.incrementAndGet()), now.plus(ttl));
        leases.put(name, lease);
        return Optional.of(lease);
    }

    @Override
    public synchronized Optional<Lease> renew(Lease lease, Duration ttl) {
        requirePositive(ttl);
        Instant now = clock.instant();
        Lease held = leases.get(lease.name());
        if (held == null || !held.token().equals(lease.token()) || !held.expires().isAfter(now)) {
            return Optional.empty();
        }
        Lease renewed = held.withExpiry(now.plus(ttl));
        leases.put(lease.name(), renewed);
        return Optional.of(renewed);
    }

    @Override
    public synchronized void release(Lease lease) {
        Lease held = leases.get(lease.name());
        if (held != null && held.token().equals(lease.token())) {
            leases.remove(lease.name());
        }
    }

    /** @return how many leases are remembered, expired ones not yet swept included */
    synchronized int size() {
        return leases.size();
    }

    private void sweep(Instant now) {
        sinceSweep = 0;
        for (Iterator<Lease> it = leases.values().iterator(); it.hasNext();) {
            if (!it.next().expires().isAfter(now)) {
                it.remove();
            }
        }
    }

    static void requirePositive(Duration ttl) {
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("a lease's ttl must be at least 1 ms, not " + ttl);
        }
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "InMemoryCoordination";
    }
}
