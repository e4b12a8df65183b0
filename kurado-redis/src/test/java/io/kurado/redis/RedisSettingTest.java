package io.kurado.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.KuradoException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedisTargetTest {
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
    void parsesTheOriginalsFormAndUris(String text, String host, int port, int db, boolean hasPassword) {
        RedisTarget t = RedisTarget.parse(text);
        assertThat(t.host()).isEqualTo(host);
        assertThat(t.port()).isEqualTo(port);
        assertThat(t.database()).isEqualTo(db);
        assertThat(t.password().isPresent()).isEqualTo(hasPassword);
        assertThat(t.toString()).doesNotContain("pw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.1:abc", "127.0.0.1:0", "127.0.0.1:70000", "http://x:1", "redis://:pw@h:1/x", "[::1"})
    void rejectsWhatIsNotAnAddress(String text) {
        assertThatThrownBy(() -> RedisTarget.parse(text)).isInstanceOf(KuradoException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
    }

    @org.junit.jupiter.api.Test
    void aUserNameIsKeptApartFromThePasswordAndRedissMeansTls() {
        RedisTarget t = RedisTarget.parse("rediss://alice:p%40ss@h:6380/2");
        assertThat(t.username()).hasValue("alice");
        assertThat(t.password()).hasValue("p@ss");
        assertThat(t.tls()).isTrue();
        assertThat(t.toString()).isEqualTo("rediss://alice:***@h:6380/2");
        assertThat(RedisTarget.parse("redis://:pw@h").username()).isEmpty();
        assertThat(RedisTarget.redactText("rediss://alice:pw@h:1")).isEqualTo("rediss://***@h:1");
    }

    @org.junit.jupiter.api.Test
    void redactsPasswordsInFreeText() {
        assertThat(RedisTarget.redactText("redis://:hunter2@h:1")).isEqualTo("redis://***@h:1");
        assertThat(new RedisTarget("h", 1, Optional.of("x"), 0).toString()).isEqualTo("redis://***@h:1");
    }
}
