package io.kurado.core.memory;

import io.kurado.api.ProviderConfig;
import io.kurado.api.coordination.Coordination;
import io.kurado.api.coordination.CoordinationProvider;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaStoreProvider;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueProvider;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.StorageProvider;
import java.time.ZoneId;

/**
 * The {@code memory} providers: of the queue, meta store and coordination (the embedded default
 * without Redis), and of a storage without files ({@code storage: memory}).
 */
public final class MemoryProviders {
    private MemoryProviders() {}

    /** Creates an {@link InMemoryQueue}; setting {@code memory.queue_capacity} bounds each topic. */
    public static final class QueueFactory implements QueueProvider {
        @Override
        public String id() {
            return "memory";
        }

        @Override
        public Queue create(ProviderConfig config) {
            return new InMemoryQueue(config.getInt("memory.queue_capacity", InMemoryQueue.DEFAULT_CAPACITY), config.clock());
        }
    }

    /** Creates an {@link InMemoryMetaStore} on the system time zone. */
    public static final class MetaStoreFactory implements MetaStoreProvider {
        @Override
        public String id() {
            return "memory";
        }

        @Override
        public MetaStore create(ProviderConfig config) {
            return new InMemoryMetaStore(config.clock(), ZoneId.systemDefault());
        }
    }

    /** Creates an {@link InMemoryCoordination}: leases within this process. */
    public static final class CoordinationFactory implements CoordinationProvider {
        @Override
        public String id() {
            return "memory";
        }

        @Override
        public Coordination create(ProviderConfig config) {
            return new InMemoryCoordination(config.clock());
        }
    }

    /**
     * Creates an {@link InMemoryStorage}; setting {@code memory.retention_minutes} (default two days)
     * bounds what each series keeps.
     */
    public static final class StorageFactory implements StorageProvider {
        @Override
        public String id() {
            return "memory";
        }

        @Override
        public Storage create(ProviderConfig config) {
            return new InMemoryStorage(config.getInt("memory.retention_minutes", InMemoryStorage.DEFAULT_POINTS));
        }
    }
}
