package io.kurado.redis;

import io.kurado.api.KuradoException;
import io.kurado.api.ProviderConfig;
import io.kurado.api.coordination.Coordination;
import io.kurado.api.coordination.CoordinationProvider;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaStoreProvider;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueProvider;
import java.lang.management.ManagementFactory;
import java.time.ZoneId;

/**
 * The {@code redis} providers of the queue, meta store and coordination. They read the setting {@code redis}
 * (see {@link RedisSetting#parse(String)}). What they create from one {@link ProviderConfig} shares one
 * client, shut down when the last of them closes; nothing is shared between configurations.
 */
public final class RedisProviders {
    private RedisProviders() {}

    /**
     * @param config the configuration
     * @return its shared connector, retained once more for the caller
     */
    static RedisConnector connector(ProviderConfig config) {
        RedisAddress address = RedisSetting.address(config.get(RedisSetting.NAME).orElseThrow(() -> new KuradoException(
                "setting '" + RedisSetting.NAME + "' is required by the redis queue, meta store and coordination")));
        String key = RedisConnector.class.getName() + " " + config.get(RedisSetting.NAME).orElseThrow();
        return config.shared().compute(key, RedisConnector.class,
                held -> held.filter(RedisConnector::tryRetain).orElseGet(() -> RedisConnector.owned(address).retain()));
    }

    /** Creates a {@link RedisQueue}; the setting {@code node} names this process for locks. */
    public static final class QueueFactory implements QueueProvider {
        @Override
        public String id() {
            return "redis";
        }

        @Override
        public Queue create(ProviderConfig config) {
            return new RedisQueue(connector(config), config.get("node").orElse(ManagementFactory.getRuntimeMXBean().getName()));
        }
    }

    /** Creates a {@link RedisMetaStore} on the system time zone. */
    public static final class MetaStoreFactory implements MetaStoreProvider {
        @Override
        public String id() {
            return "redis";
        }

        @Override
        public MetaStore create(ProviderConfig config) {
            return new RedisMetaStore(connector(config), config.clock(), ZoneId.systemDefault());
        }
    }

    /** Creates a {@link RedisCoordination}: leases shared by every server on that Redis. */
    public static final class CoordinationFactory implements CoordinationProvider {
        @Override
        public String id() {
            return "redis";
        }

        @Override
        public Coordination create(ProviderConfig config) {
            return new RedisCoordination(connector(config), config.clock());
        }
    }
}
