package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.Prerequisites;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.InstantSource;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Addresses that name a Redis 6 ACL user log in as that user. */
@ExtendWith(NoLettuceClientLeft.class)
class RedisSettingIT {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.redis();
    }

    @Test
    void aUserNameInTheSettingAuthenticatesAsThatAclUser() {
        RedisURI shared = RedisSupport.shared();
        String user = "kurado-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisClient admin = RedisClient.create(shared); var conn = admin.connect()) {
            conn.sync().aclSetuser(user, AclSetuserArgs.Builder.on().addPassword("s3cret").allKeys().allCommands());
            try {
                RedisURI asUser = RedisSetting.parse("redis://" + user + ":s3cret@" + shared.getHost() + ":" + shared.getPort());
                assertThat(asUser.toString()).doesNotContain("s3cret").contains(user);
                try (RedisClient client = RedisClient.create(asUser); var c = client.connect()) {
                    assertThat(c.sync().aclWhoami()).isEqualTo(user);
                }
                // and the coordination made from it holds its leases as that user
                try (RedisCoordination leases = new RedisCoordination(asUser, InstantSource.system())) {
                    assertThat(leases.tryAcquire("acl-" + user, "n1", java.time.Duration.ofSeconds(5))).isPresent();
                    assertThat(leases.toString()).doesNotContain("s3cret");
                }
            } finally {
                conn.sync().aclDeluser(user);
            }
        }
    }
}
