package io.kurado.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.KuradoException;
import io.kurado.api.coordination.Coordination;
import io.kurado.api.storage.Storage;
import io.kurado.core.config.ConfigLoader;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.memory.InMemoryCoordination;
import io.kurado.core.memory.InMemoryStorage;
import io.kurado.core.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {
    @TempDir
    Path dir;

    private final PluginRegistry registry = PluginRegistry.discover(ProvidersTest.class.getClassLoader());

    private KuradoConfig config(String settings) throws IOException {
        Path file = dir.resolve("kurado.yml");
        Files.writeString(file, "config:\n  data_dir: data\n  rolls_dir: rolls\n" + settings
                + "---\nservice: s\nservers:\n  - roll: r.yml\n    hosts: [10.1.1.1]\n");
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/r.yml"), "metrics: [base]\n");
        return ConfigLoader.load(file);
    }

    @Test
    void theStorageSettingChoosesTheStorageProvider() throws IOException {
        try (Storage s = Providers.storage(config("  storage: memory\n"), registry, InstantSource.system())) {
            assertThat(s).isInstanceOf(InMemoryStorage.class);
        }
        assertThat(Providers.storageId(config(""))).isEqualTo("rrd");
    }

    @Test
    void aStorageThatIsNotInstalledIsNamedWithThoseThatAre() throws IOException {
        KuradoConfig cfg = config("  storage: cassandra\n");
        assertThatThrownBy(() -> Providers.storage(cfg, registry, InstantSource.system()))
                .isInstanceOf(KuradoException.class)
                .hasMessageContaining("no storage provider 'cassandra' is installed")
                .hasMessageContaining("memory");
    }

    @Test
    void withoutRedisTheCoordinationIsInMemory() throws IOException {
        try (Coordination c = Providers.coordination(config(""), registry, InstantSource.system())) {
            assertThat(c).isInstanceOf(InMemoryCoordination.class);
        }
    }
}
