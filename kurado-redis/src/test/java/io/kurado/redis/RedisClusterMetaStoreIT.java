package io.kurado.redis;

import io.kurado.api.meta.MetaStore;
import io.kurado.core.contract.MetaStoreContract;
import io.kurado.core.testing.ManualClock;
import io.kurado.core.testkit.RedisClusterProcess;
import java.time.ZoneId;
import org.junit.jupiter.api.extension.ExtendWith;

/** The meta store contract on a real three-master Redis Cluster, with the original's key names. */
@ExtendWith(NoLettuceClientLeft.class)
class RedisClusterMetaStoreIT extends MetaStoreContract {
    @Override
    protected MetaStore newStore(ManualClock clock, ZoneId zone) {
        return new RedisMetaStore(RedisSetting.address(RedisClusterProcess.suite().setting(2)), clock, zone);
    }
}
