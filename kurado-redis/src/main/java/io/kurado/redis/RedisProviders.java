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
 * ({@code host:port} or {@code redis://[:password@]host:port[/db]}).
 */
public final class RedisProviders {
    private RedisProviders() {}

    static RedisTarget target(ProviderConfig config) {
        return RedisTarget.parse(config.get("redis")
                .orElseThrow(() -> new KuradoException("setting 'redis' is required by the redis queue and meta store")));
    }

    /** Creates a {@link RedisQueue}; the setting {@code node} names this process for locks. */
    public static final class QueueFactory implements QueueProvider {
        @Override
        public String id() {
            return "redis";
        }

        @Override
        public Queue create(ProviderConfig config) {
            return new RedisQueue(target(config), config.get("node").orElse(ManagementFactory.getRuntimeMXBean().getName()));
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
            return new RedisMetaStore(target(config), config.clock(), ZoneId.systemDefault());
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
            return new RedisCoordination(target(config), config.clock());
        }
    }
}
