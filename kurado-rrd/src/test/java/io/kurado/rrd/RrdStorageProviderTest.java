package io.kurado.rrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.KuradoException;
import io.kurado.api.ProviderConfig;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.StorageProvider;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RrdStorageProviderTest {
    @TempDir
    Path tmp;

    @Test
    void isFoundByServiceLoaderUnderIdRrd() {
        assertThat(ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("rrd"))).hasSize(1).first().isInstanceOf(RrdStorageProvider.class);
    }

    @Test
    void readsItsSettings() {
        ProviderConfig config = new ProviderConfig(Map.of("rrd.samples_per_write", "3", "rrd.max_write_delay", "120",
                "rrd.writer_threads", "1"), tmp, InstantSource.system());
        try (Storage s = new RrdStorageProvider().create(config)) {
            RrdStorage rrd = (RrdStorage) s;
            assertThat(rrd.options().samplesPerWrite()).isEqualTo(3);
            assertThat(rrd.options().maxWriteDelay()).isEqualTo(java.time.Duration.ofMinutes(2));
            assertThat(rrd.options().writerThreads()).isEqualTo(1);
            assertThat(rrd.dataDir()).isEqualTo(tmp.toAbsolutePath().normalize());
        }
    }

    @Test
    void rejectsInvalidSettingsNamingThem() {
        ProviderConfig bad = new ProviderConfig(Map.of("rrd.samples_per_write", "many"), tmp, InstantSource.system());
        assertThatThrownBy(() -> new RrdStorageProvider().create(bad))
                .isInstanceOf(KuradoException.class).hasMessageContaining("rrd.samples_per_write").hasMessageContaining("many");
        ProviderConfig zero = new ProviderConfig(Map.of("rrd.writer_threads", "0"), tmp, InstantSource.system());
        assertThatThrownBy(() -> new RrdStorageProvider().create(zero))
                .isInstanceOf(KuradoException.class).hasMessageContaining("rrd.writer_threads");
    }
}
