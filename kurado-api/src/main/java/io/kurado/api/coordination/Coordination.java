package io.kurado.api.coordination;

import java.time.Duration;
import java.util.Optional;

/**
 * Leases shared by every process that uses the same backend: at most one holder of a name at a
 * time, until the lease expires or its holder releases it. Several servers sharing one Redis use
 * it so that one of them schedules each minute; a lease can also stand for the ownership of work
 * that moves to another node when its holder stops renewing it.
 *
 * <p>Thread-safe. A backend that cannot be reached throws {@link CoordinationException}: a caller
 * then holds nothing it did not hold before, and should act as if another node held the lease.
 *
 * @since 0.1
 */
public interface Coordination extends AutoCloseable {
    /**
     * Takes a lease unless another holds it.
     *
     * @param name what the lease is for
     * @param owner who takes it (a node name)
     * @param ttl how long it is held unless renewed; at least one millisecond
     * @return the lease, or empty when another holder's lease on that name has not expired
     * @throws CoordinationException when the backend cannot be reached
     */
    Optional<Lease> tryAcquire(String name, String owner, Duration ttl);

    /**
     * Extends a lease this caller holds.
     *
     * @param lease a lease returned by {@link #tryAcquire} or by an earlier renewal
     * @param ttl how long it is held from now
     * @return the renewed lease, or empty when it had expired or another holder has it by now
     * @throws CoordinationException when the backend cannot be reached
     */
    Optional<Lease> renew(Lease lease, Duration ttl);

    /**
     * Gives a lease up before it expires; nothing happens when it is no longer this caller's.
     *
     * @param lease the lease
     * @throws CoordinationException when the backend cannot be reached
     */
    void release(Lease lease);

    /** Releases connections and threads (leases held simply expire). */
    @Override
    void close();
}
