package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.Prerequisites;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Addresses that name a Redis 6 ACL user log in as that user. */
@ExtendWith(NoLettuceClientLeft.class)
class RedisTargetIT {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.redis();
    }

    @Test
    void aUserNameInTheUriAuthenticatesAsThatAclUser() {
        RedisTarget shared = RedisSupport.shared();
        String user = "kurado-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisClient admin = RedisClient.create(shared.toLettuce(Duration.ofSeconds(5))); var conn = admin.connect()) {
            conn.sync().aclSetuser(user, io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("s3cret").allKeys().allCommands());
            try {
                RedisTarget asUser = RedisTarget.parse("redis://" + user + ":s3cret@" + shared.host() + ":" + shared.port());
                assertThat(asUser.username()).hasValue(user);
                assertThat(asUser.toString()).doesNotContain("s3cret").contains(user);
                try (RedisClient client = RedisClient.create(asUser.toLettuce(Duration.ofSeconds(5))); var c = client.connect()) {
                    assertThat(c.sync().aclWhoami()).isEqualTo(user);
                }
            } finally {
                conn.sync().aclDeluser(user);
            }
        }
    }
}
