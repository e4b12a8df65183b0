package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.ProviderConfig;
import io.kurado.api.coordination.Coordination;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.Topic;
import io.kurado.core.testkit.Prerequisites;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who shuts a client down: a client the application hands in stays the application's; the one the
 * providers create for a configuration is shared by what they make from it and shut down after
 * the last of those closes.
 */
@ExtendWith(NoLettuceClientLeft.class)
class RedisClientOwnershipIT {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.redis();
    }

    @Test
    void aClientTheApplicationHandsInIsUsedAndNeverShutDown() {
        RedisURI uri = RedisSupport.shared();
        ClientResources resources = DefaultClientResources.create();
        RedisClient client = RedisClient.create(resources);
        try {
            Topic topic = new Topic("ownership-" + UUID.randomUUID());
            try (Queue queue = new RedisQueue(client, uri, "it");
                    MetaStore meta = new RedisMetaStore(client, uri, InstantSource.system(), ZoneOffset.UTC);
                    Coordination leases = new RedisCoordination(client, uri, InstantSource.system())) {
                queue.push(topic, List.of("a"));
                assertThat(queue.depth(topic)).isEqualTo(1);
                assertThat(meta.read("10.9.9.9", io.kurado.api.PluginRef.of("base")).meta()).isEmpty();
                assertThat(leases.tryAcquire(topic.name(), "it", Duration.ofSeconds(5))).isPresent();
            }
            try (var conn = client.connect(uri)) {
                assertThat(conn.sync().llen(topic.name())).as("the client still works after they closed").isEqualTo(1);
                conn.sync().del(topic.name());
            }
        } finally {
            client.shutdown();
            resources.shutdown();
        }
    }

    @Test
    void whatTheProvidersMakeFromOneConfigurationSharesOneClientUntilTheLastCloses() {
        ProviderConfig config = config();
        Queue queue = new RedisProviders.QueueFactory().create(config);
        MetaStore meta = new RedisProviders.MetaStoreFactory().create(config);
        Coordination leases = new RedisProviders.CoordinationFactory().create(config);
        RedisConnector shared = RedisProviders.connector(config);
        shared.release();

        RedisConnector ofAnotherEngine = RedisProviders.connector(config());
        assertThat(ofAnotherEngine).as("a second engine with the same settings has a client of its own").isNotSameAs(shared);
        ofAnotherEngine.release();
        assertThat(ofAnotherEngine.tryRetain()).as("shut down at its last release").isFalse();

        queue.close();
        meta.close();
        assertThat(leases.tryAcquire("ownership-" + UUID.randomUUID(), "it", Duration.ofSeconds(5)))
                .as("the coordination works after the queue and meta store closed").isPresent();
        assertThat(shared.tryRetain()).isTrue();
        shared.release();
        leases.close();
        assertThat(shared.tryRetain()).as("shut down after the last closed").isFalse();

        // a later queue from the same configuration gets a new client
        try (Queue again = new RedisProviders.QueueFactory().create(config)) {
            assertThat(again.depth(new Topic("ownership-" + UUID.randomUUID()))).isZero();
        }
    }

    @Test
    void closingTwiceReleasesTheSharedClientOnce() {
        ProviderConfig config = config();
        Queue queue = new RedisProviders.QueueFactory().create(config);
        MetaStore meta = new RedisProviders.MetaStoreFactory().create(config);
        try (Coordination leases = new RedisProviders.CoordinationFactory().create(config)) {
            queue.close();
            queue.close();
            meta.close();
            meta.close();
            assertThat(leases.tryAcquire("ownership-" + UUID.randomUUID(), "it", Duration.ofSeconds(5))).isPresent();
        }
    }

    private static ProviderConfig config() {
        return new ProviderConfig(Map.of("redis", RedisSupport.shared().toString().replace("?timeout=10s", ""), "node", "it"),
                Path.of("."), InstantSource.system());
    }
}
