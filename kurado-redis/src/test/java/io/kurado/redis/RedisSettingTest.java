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
    void readsAClusterAsItsSeedsEachWithTheCredentialsAndTheTimeout() {
        RedisAddress cluster = RedisSetting.address("redis-cluster://alice:pw@10.0.0.1:7000, 10.0.0.2:7001,redis.local:7002");
        assertThat(cluster.cluster()).isTrue();
        assertThat(cluster.uris()).extracting(RedisURI::getHost, RedisURI::getPort).containsExactly(
                org.assertj.core.groups.Tuple.tuple("10.0.0.1", 7000), org.assertj.core.groups.Tuple.tuple("10.0.0.2", 7001),
                org.assertj.core.groups.Tuple.tuple("redis.local", 7002));
        assertThat(cluster.uris()).allSatisfy(u -> {
            assertThat(credentials(u).getUsername()).isEqualTo("alice");
            assertThat(new String(credentials(u).getPassword())).isEqualTo("pw");
            assertThat(u.getTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(u.isSsl()).isFalse();
        });
        assertThat(cluster.toString()).startsWith("redis-cluster://").contains("10.0.0.1:7000", "10.0.0.2:7001")
                .doesNotContain("pw");
        assertThat(RedisSetting.address("rediss-cluster://h:7000?timeout=2s").uris()).singleElement()
                .satisfies(u -> assertThat(u.isSsl()).isTrue())
                .satisfies(u -> assertThat(u.getTimeout()).isEqualTo(Duration.ofSeconds(2)));
        assertThat(RedisSetting.address("127.0.0.1:6379").cluster()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-cluster://", "redis-cluster://:pw@h:7000,,h:7001", "redis-cluster://:pw@h:7000/3",
        "redis-cluster://:pw@h:x", "redis-cluster://:pw@h:7000#mymaster"})
    void rejectsAClusterAddressThatIsNotOneInWords(String text) {
        assertThatThrownBy(() -> RedisSetting.address(text)).isInstanceOf(KuradoException.class)
                .hasMessageStartingWith("setting 'redis': ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
    }

    @Test
    void parseSaysThatAClusterIsNotOneServer() {
        assertThatThrownBy(() -> RedisSetting.parse("redis-cluster://:pw@h:7000,h:7001")).isInstanceOf(KuradoException.class)
                .hasMessageContaining("names a Redis Cluster")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
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
