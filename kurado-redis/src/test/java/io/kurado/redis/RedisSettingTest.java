package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.KuradoException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedisSettingTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:6379|127.0.0.1|6379|0|false",
        "redis.local|redis.local|6379|0|false",
        "10.1.2.3:6380|10.1.2.3|6380|0|false",
        "[::1]:6390|::1|6390|0|false",
        "redis://127.0.0.1:6379|127.0.0.1|6379|0|false",
        "redis://:pw@127.0.0.1:6400/3|127.0.0.1|6400|3|true",
        "redis://user:pw@host|host|6379|0|true",
        "rediss://:pw@host:6380|host|6380|0|true",
        "' 127.0.0.1:6379 '|127.0.0.1|6379|0|false",
    })
    void readsTheOriginalsFormAndUris(String text, String host, int port, int db, boolean hasPassword) {
        RedisURI uri = RedisSetting.parse(text);
        assertThat(uri.getHost()).isEqualTo(host);
        assertThat(uri.getPort()).isEqualTo(port);
        assertThat(uri.getDatabase()).isEqualTo(db);
        assertThat(credentials(uri).hasPassword()).isEqualTo(hasPassword);
        assertThat(uri.getTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(uri.toString()).doesNotContain("pw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.1:abc", "127.0.0.1:0", "127.0.0.1:70000", "http://x:1", "redis://:pw@h:1/x",
        "[::1", "redis-sentinel://:pw@h:26379", "redis://:pw@"})
    void rejectsWhatIsNotAnAddressNamingTheSettingAndNotThePassword(String text) {
        assertThatThrownBy(() -> RedisSetting.parse(text)).isInstanceOf(KuradoException.class)
                .hasMessageStartingWith("setting 'redis': ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
    }

    @Test
    void aUserNameIsKeptApartFromThePasswordAndRedissMeansTls() {
        RedisURI uri = RedisSetting.parse("rediss://alice:p%40ss@h:6380/2");
        assertThat(credentials(uri).getUsername()).isEqualTo("alice");
        assertThat(new String(credentials(uri).getPassword())).isEqualTo("p@ss");
        assertThat(uri.isSsl()).isTrue();
        assertThat(uri.toString()).doesNotContain("p@ss").doesNotContain("p%40ss").contains("alice");
        assertThat(credentials(RedisSetting.parse("redis://:pw@h")).getUsername()).isNull();
    }

    @Test
    void readsSentinelAndSocketAddressesAsLettuceWritesThem() {
        RedisURI sentinel = RedisSetting.parse("redis-sentinel://:pw@10.0.0.1:26379,10.0.0.2:26380/4#mymaster");
        assertThat(sentinel.getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(sentinel.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.1", 26379), org.assertj.core.groups.Tuple.tuple("10.0.0.2", 26380));
        assertThat(sentinel.getDatabase()).isEqualTo(4);
        assertThat(sentinel.toString()).doesNotContain("pw");

        RedisURI socket = RedisSetting.parse("redis-socket:///run/redis/redis.sock?database=2");
        assertThat(socket.getSocket()).isEqualTo("/run/redis/redis.sock");
        assertThat(socket.getDatabase()).isEqualTo(2);
    }

    @Test
    void aTimeoutInTheAddressIsKept() {
        assertThat(RedisSetting.parse("redis://h:1?timeout=3s").getTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void redactsPasswordsInFreeText() {
        assertThat(RedisSetting.redact("redis://:hunter2@h:1")).isEqualTo("redis://:***@h:1");
        assertThat(RedisSetting.redact("rediss://alice:pw@h:1")).isEqualTo("rediss://alice:***@h:1");
        assertThat(RedisSetting.redact("redis://hunter2@h:1")).isEqualTo("redis://***@h:1");
    }

    private static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block();
    }
}
