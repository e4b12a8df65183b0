package io.kurado.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PluginRefTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "base                                        | base",
        "http:80                                     | http%3A80",
        "nginx:8080:/nginx_status                    | nginx%3A8080%3A%2Fnginx_status",
        "http:80:/server-status?auto:www.example.com | http%3A80%3A%2Fserver-status%3Fauto%3Awww%2Eexample%2Ecom",
        "my_plugin-2:a~b=c                           | my_plugin-2%3Aa%7Eb%3Dc",
    })
    void escapesIdentifiersAsTheOriginal(String entry, String escaped) {
        PluginRef ref = PluginRef.parse(entry);
        assertThat(ref.identifier()).isEqualTo(entry);
        assertThat(ref.escapedIdentifier()).isEqualTo(escaped);
        assertThat(PluginRef.fromEscaped(escaped)).isEqualTo(ref);
    }

    @Test
    void escapesUtf8ByteByByte() {
        assertThat(PluginRef.of("x", "日").escapedIdentifier()).isEqualTo("x%3A%E6%97%A5");
        assertThat(PluginRef.fromEscaped("x%3A%E6%97%A5")).isEqualTo(PluginRef.of("x", "日"));
    }

    @Test
    void splitsArgumentsOnEveryColonAndDropsEmptyTrailingOnes() {
        assertThat(PluginRef.parse("nginx:8080:/nginx_status").arguments()).containsExactly("8080", "/nginx_status");
        assertThat(PluginRef.parse("http:80::").arguments()).containsExactly("80");
        assertThat(PluginRef.parse("http::x").arguments()).containsExactly("", "x");
        assertThat(PluginRef.parse("http:80::").identifier()).isEqualTo("http:80");
    }

    @Test
    void rejectsAnEntryWithoutName() {
        assertThatThrownBy(() -> PluginRef.parse(":80")).hasMessageContaining("cannot find plugin name in ':80'");
        assertThatThrownBy(() -> PluginRef.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shortensLongIdentifiersForThePills() {
        assertThat(PluginRef.parse("http:80").shortIdentifier()).isEqualTo("http:80");
        String id27 = "a".repeat(27);
        assertThat(PluginRef.parse(id27).shortIdentifier()).isEqualTo(id27);
        PluginRef longRef = PluginRef.parse("http:80:/server-status?auto:www.example.com");
        assertThat(longRef.shortIdentifier()).isEqualTo("http:80:/server-status?au..").hasSize(27);
    }

    @Test
    void copiesItsArguments() {
        List<String> args = new java.util.ArrayList<>(List.of("80"));
        PluginRef ref = new PluginRef("http", args);
        args.add("x");
        assertThat(ref.arguments()).containsExactly("80");
    }
}
