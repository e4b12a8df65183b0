package io.kurado.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EscapingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "cpu-user.derive                | cpu-user.derive",
        "heap_memory_usage.max.gauge    | heap_memory_usage.max.gauge",
        "client-http.requests.derive    | client-http.requests.derive",
        "a~b.gauge                      | a~b.gauge",
        "with space.gauge               | with%20space.gauge",
        "../etc/passwd                  | ..%2Fetc%2Fpasswd",
        "温度.gauge                      | %E6%B8%A9%E5%BA%A6.gauge",
    })
    void escapesKeysKeepingUnreservedCharacters(String key, String escaped) {
        assertThat(Escaping.escapeKey(key)).isEqualTo(escaped);
        assertThat(Escaping.unescape(escaped)).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource({"100%, 100%", "%zz, %zz", "%4, %4", "%41%42, AB", "%e6%97%a5, 日"})
    void unescapeLeavesIncompleteSequencesAlone(String in, String out) {
        assertThat(Escaping.unescape(in)).isEqualTo(out);
    }
}
