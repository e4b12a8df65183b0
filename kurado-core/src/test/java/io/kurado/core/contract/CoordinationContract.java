package io.kurado.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.coordination.Coordination;
import io.kurado.api.coordination.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Coordination} promises. A test class of an implementation extends this, supplies
 * {@link #newCoordination()} and says how time passes for it ({@link #pass}); each test uses lease
 * names of its own.
 */
public abstract class CoordinationContract {
    /** The expiry of leases that must run out during a test. */
    protected static final Duration SHORT = Duration.ofMillis(300);
    /** An expiry no test reaches. */
    protected static final Duration LONG = Duration.ofSeconds(30);

    protected Coordination coordination;
    protected String name;

    /** @return a new coordination to test; closed after each test */
    protected abstract Coordination newCoordination();

    /**
     * Lets at least this much time pass for the coordination's expiries.
     *
     * @param d how long
     * @throws InterruptedException when interrupted
     */
    protected abstract void pass(Duration d) throws InterruptedException;

    @BeforeEach
    void open() {
        coordination = newCoordination();
        name = "contract-" + UUID.randomUUID();
    }

    @AfterEach
    void closeCoordination() {
        coordination.close();
    }

    @Test
    void aLeaseHasOneHolderUntilItExpires() throws Exception {
        Optional<Lease> a = coordination.tryAcquire(name, "node-a", SHORT);
        assertThat(a).isPresent();
        assertThat(a.get().name()).isEqualTo(name);
        assertThat(a.get().owner()).isEqualTo("node-a");
        assertThat(coordination.tryAcquire(name, "node-b", SHORT)).isEmpty();
        assertThat(coordination.tryAcquire(name, "node-a", SHORT)).as("not even its holder takes it twice").isEmpty();
        assertThat(coordination.tryAcquire(name + "-other", "node-b", SHORT)).as("another name is free").isPresent();

        pass(SHORT.plusMillis(100));
        Optional<Lease> b = coordination.tryAcquire(name, "node-b", LONG);
        assertThat(b).as("free once expired").isPresent();
        assertThat(b.get().token()).isNotEqualTo(a.get().token());
    }

    @Test
    void aRenewedLeaseOutlivesItsFirstExpiry() throws Exception {
        Lease a = coordination.tryAcquire(name, "node-a", Duration.ofSeconds(1)).orElseThrow();
        Optional<Lease> renewed = coordination.renew(a, LONG);
        assertThat(renewed).isPresent();
        assertThat(renewed.get().expires()).isAfter(a.expires());
        assertThat(renewed.get().token()).isEqualTo(a.token());

        pass(Duration.ofMillis(1_200));
        assertThat(coordination.tryAcquire(name, "node-b", SHORT)).isEmpty();
        assertThat(coordination.renew(renewed.get(), LONG)).as("renewed again").isPresent();
    }

    @Test
    void anExpiredLeaseTakenByAnotherIsNeitherRenewedNorReleasedByItsOldHolder() throws Exception {
        Lease old = coordination.tryAcquire(name, "node-a", SHORT).orElseThrow();
        pass(SHORT.plusMillis(100));
        assertThat(coordination.renew(old, LONG)).as("expired").isEmpty();
        Lease b = coordination.tryAcquire(name, "node-b", LONG).orElseThrow();

        assertThat(coordination.renew(old, LONG)).as("another's by now").isEmpty();
        coordination.release(old);
        assertThat(coordination.tryAcquire(name, "node-c", LONG)).as("the old holder's release left the new lease").isEmpty();
        assertThat(coordination.renew(b, LONG)).isPresent();
    }

    @Test
    void aSecondAcquisitionBySameOwnerIsADifferentLease() throws Exception {
        Lease first = coordination.tryAcquire(name, "node-a", SHORT).orElseThrow();
        pass(SHORT.plusMillis(100));
        Lease second = coordination.tryAcquire(name, "node-a", LONG).orElseThrow();
        coordination.release(first);
        assertThat(coordination.tryAcquire(name, "node-b", LONG)).as("the first lease's release left the second").isEmpty();
        assertThat(coordination.renew(second, LONG)).isPresent();
    }

    @Test
    void aReleasedLeaseIsFreeAtOnce() {
        Lease a = coordination.tryAcquire(name, "node-a", LONG).orElseThrow();
        coordination.release(a);
        coordination.release(a); // twice is harmless
        assertThat(coordination.tryAcquire(name, "node-b", LONG)).isPresent();
        assertThat(coordination.renew(a, LONG)).isEmpty();
    }

    @Test
    void ofManyContendersExactlyOneWins() throws Exception {
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<Lease>>> tries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String owner = "node-" + i;
                tries.add(pool.submit(() -> {
                    go.await();
                    return coordination.tryAcquire(name, owner, LONG);
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Optional<Lease>> f : tries) {
                won += f.get(10, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTtlUnderAMillisecondIsRefused() {
        assertThatThrownBy(() -> coordination.tryAcquire(name, "node-a", Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 ms");
    }
}
