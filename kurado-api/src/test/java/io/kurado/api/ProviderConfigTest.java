package io.kurado.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderConfigTest {
    private final ProviderConfig config = new ProviderConfig(
            Map.of("redis", "redis://:hunter2@10.0.0.5:6379/1", "db.password", "s3cret", "workers", "4", "empty", " "),
            Path.of("data"), InstantSource.system());

    @Test
    void toStringNeverShowsPasswords() {
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("s3cret")
                .contains("redis://***@10.0.0.5:6379/1").contains("workers=4");
    }

    @Test
    void readsSettings() {
        assertThat(config.get("redis")).contains("redis://:hunter2@10.0.0.5:6379/1");
        assertThat(config.get("empty")).isEmpty();
        assertThat(config.getInt("workers", 2)).isEqualTo(4);
        assertThat(config.getInt("missing", 2)).isEqualTo(2);
        assertThatThrownBy(() -> new ProviderConfig(Map.of("n", "x"), Path.of("."), InstantSource.system()).getInt("n", 1))
                .isInstanceOf(KuradoException.class).hasMessageContaining("'n'").hasMessageContaining("'x'");
    }
}
