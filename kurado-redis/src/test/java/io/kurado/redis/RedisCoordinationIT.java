package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.coordination.Coordination;
import io.kurado.api.coordination.Lease;
import io.kurado.core.contract.CoordinationContract;
import io.kurado.core.testkit.Prerequisites;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The coordination contract against a real redis-server, where Redis itself expires leases. */
@ExtendWith(NoLettuceClientLeft.class)
class RedisCoordinationIT extends CoordinationContract {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.redis();
    }

    @Override
    protected Coordination newCoordination() {
        return new RedisCoordination(RedisSupport.shared(), InstantSource.system());
    }

    @Override
    protected void pass(Duration d) throws InterruptedException {
        // Redis expires keys by its own clock: the only way to let a lease run out is to wait.
        Thread.sleep(d.toMillis());
    }

    @Test
    void aLeaseIsOneKeyThatRedisExpiresAndThatEarlierVersionsTookAsTheirSchedulerLock() {
        Lease lease = coordination.tryAcquire(name, "node-a", LONG).orElseThrow();
        try (RedisClient client = RedisClient.create(RedisSupport.shared());
                var conn = client.connect()) {
            var r = conn.sync();
            assertThat(r.get("kurado-lock:" + name)).isEqualTo("node-a " + lease.token());
            assertThat(r.pttl("kurado-lock:" + name)).isBetween(1L, LONG.toMillis());
            // An earlier version's server takes the same key with SET NX: it finds it taken.
            assertThat(r.set("kurado-lock:" + name, "old-node", io.lettuce.core.SetArgs.Builder.nx().px(90_000))).isNull();
        }
    }
}
