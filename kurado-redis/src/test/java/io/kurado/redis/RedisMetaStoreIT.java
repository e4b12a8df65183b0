package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Meta;
import io.kurado.api.PluginRef;
import io.kurado.api.Warning;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaWrite;
import io.kurado.core.contract.MetaStoreContract;
import io.kurado.core.testing.ManualClock;
import io.kurado.core.testkit.Prerequisites;
import io.lettuce.core.RedisClient;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The meta store contract against a real redis-server, and the original's key schema. */
@ExtendWith(NoLettuceClientLeft.class)
class RedisMetaStoreIT extends MetaStoreContract {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.redis();
    }

    @Override
    protected MetaStore newStore(ManualClock clock, ZoneId zone) {
        return new RedisMetaStore(RedisSupport.shared(), clock, zone);
    }

    @Test
    void writesTheOriginalsKeysSoAPerlWebProcessCanReadThem() {
        PluginRef http = PluginRef.parse("http:80");
        long now = clock.instant().getEpochSecond();
        store.write(new MetaWrite(List.of(new Meta(address, http, "version", "2.4", now)),
                List.of(new Warning(address, http, "command", "refused", now)),
                List.of(new MetaWrite.Received(address, http)), now));
        try (RedisClient client = RedisClient.create(RedisSupport.shared());
                var conn = client.connect()) {
            var r = conn.sync();
            assertThat(r.get("storage/" + address + "/http%3A80/version")).isEqualTo("2.4");
            assertThat(r.zscore("storage/" + address + "/http%3A80", "version")).isEqualTo((double) (now + 3600));
            assertThat(r.ttl("storage/" + address + "/http%3A80/version")).isBetween(3500L, 3600L);
            assertThat(r.get("__warn__/" + address + "/http%3A80/command")).endsWith(" refused");
            assertThat(r.zscore("__warn__/" + address + "/http%3A80", "command")).isEqualTo((double) (now + 300));
            assertThat(r.get("__warn__/" + address)).isEqualTo(Long.toString(now));
            assertThat(r.ttl("__warn__/" + address)).isBetween(250L, 300L);
            assertThat(r.get("__last_recieved__/" + address + "/http%3A80")).isEqualTo(Long.toString(now));
            assertThat(r.ttl("__last_recieved__/" + address + "/http%3A80")).isGreaterThan(31_000_000L);
        }
    }
}
