package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.alert.NotifierProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookNotifierProviderTest extends BuiltinNotifierContract {
    @Override
    protected NotifierProvider provider() {
        return new WebhookNotifierProvider();
    }

    @Override
    protected Map<String, Object> validSettings() {
        return Map.of("url", "https://hooks.example.com/services/T0KEN-IN-PATH", "secret", "s3cret-value", "timeout", "5s",
                "headers", Map.of("Authorization", "Bearer b34rer-token"));
    }

    @Override
    protected List<String> secrets() {
        return List.of("s3cret-value", "b34rer-token", "T0KEN-IN-PATH");
    }

    @Override
    protected List<String> required() {
        return List.of("url");
    }

    @Test
    void anAddressThatIsNotHttpOrCarriesAPasswordIsAProblemThatDoesNotRepeatIt() {
        assertThat(provider().problems(config(Map.of("url", "ftp://example.com/x")))).containsExactly(
                "webhook receiver 'ops': setting 'url' must start with http:// or https://");
        assertThat(provider().problems(config(Map.of("url", "https://user:pa55word@example.com/x")))).singleElement().asString()
                .contains("'url' must not carry a user and password").doesNotContain("pa55word");
        assertThat(provider().problems(config(Map.of("url", "http:// bad")))).singleElement().asString().contains("'url' is not a URL");
    }

    @Test
    void theSecretIsGivenOnceInTheConfigurationOrInAReadableFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("secret"), "from-file\n");

        assertThat(provider().problems(config(Map.of("url", "http://h/", "secret_file", file.toString())))).isEmpty();
        assertThat(provider().problems(config(Map.of("url", "http://h/", "secret", "s3cret-value", "secret_file", file.toString()))))
                .containsExactly("webhook receiver 'ops': setting 'secret' and 'secret_file' are both set; keep one");
        assertThat(provider().problems(config(Map.of("url", "http://h/", "secret_file", dir.resolve("missing").toString()))))
                .singleElement().asString().contains("'secret_file' names a file that cannot be read");
    }

    @Test
    void timeoutsAreDurationsWithinAnHour() {
        assertThat(provider().problems(config(Map.of("url", "http://h/", "timeout", 30)))).isEmpty();
        assertThat(provider().problems(config(Map.of("url", "http://h/", "timeout", "500ms")))).isEmpty();
        assertThat(provider().problems(config(Map.of("url", "http://h/", "timeout", "2h")))).singleElement().asString()
                .contains("'timeout' must be more than 0 and at most 1h");
        assertThat(WebhookOptions.read(new Settings(config(Map.of("url", "http://h/")), "webhook")).timeout()).hasSeconds(10);
    }

    @Test
    void headersAreNamesToTextsThatTheClientMaySetAndTheirValuesAreNeverRepeated() {
        List<String> problems = provider().problems(config(Map.of("url", "http://h/", "headers",
                Map.of("Host", "x", "Bad Name", "y", "X-Token", "line\nbreak-s3cret"))));

        assertThat(problems).hasSize(3).anyMatch(p -> p.contains("cannot set the header 'Host'"))
                .anyMatch(p -> p.contains("not a token: 'Bad Name'")).anyMatch(p -> p.contains("line break in the value of the header 'X-Token'"));
        assertThat(String.join("\n", problems)).doesNotContain("s3cret");
        assertThat(provider().problems(config(Map.of("url", "http://h/", "headers", List.of("a")))))
                .containsExactly("webhook receiver 'ops': setting 'headers' must be a map of header names to values");
    }
}
