package io.kurado.redis;

import io.kurado.api.coordination.Coordination;
import io.kurado.core.contract.CoordinationContract;
import io.kurado.core.testkit.RedisClusterProcess;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** The coordination contract on a real three-master Redis Cluster. */
@ExtendWith(NoLettuceClientLeft.class)
class RedisClusterCoordinationIT extends CoordinationContract {
    @Override
    protected Coordination newCoordination() {
        return new RedisCoordination(RedisSetting.address(RedisClusterProcess.suite().setting(2)), InstantSource.system());
    }

    @Override
    protected void pass(Duration d) throws InterruptedException {
        // Redis expires keys by its own clock: the only way to let a lease run out is to wait.
        Thread.sleep(d.toMillis());
    }
}
