package io.kurado.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.core.testkit.RulesViewer;
import io.kurado.api.KuradoException;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

    @TempDir
    Path tmp;

    @Test
    void graphRenderersComeFromTheRegistryTheFirstThatCanDrawFromAStorageWins() {
        io.kurado.api.graph.GraphRenderer a = new NamedRenderer("a");
        io.kurado.api.graph.GraphRenderer b = new NamedRenderer("b");
        var memory = new io.kurado.core.memory.InMemoryStorage();
        var other = new io.kurado.core.testkit.SyntheticStorage(java.time.InstantSource.system());
        PluginRegistry r = PluginRegistry.builder()
                .graphRendererProvider(s -> s instanceof io.kurado.core.memory.InMemoryStorage ? java.util.Optional.of(a) : java.util.Optional.empty())
                .graphRendererProvider(s -> java.util.Optional.of(b))
                .build();
        assertThat(r.graphRenderer(memory)).containsSame(a);
        assertThat(r.graphRenderer(other)).containsSame(b);
        assertThat(PluginRegistry.builder().build().graphRenderer(memory)).isEmpty();
    }

    @Test
    void explicitWiringNeedsNoServiceFiles() {
        PluginRegistry r = PluginRegistry.builder().fetcher(new GoodFetcher()).viewer(RulesViewer.named("good")).viewer(RulesViewer.named("base")).build();
        assertThat(r.pluginNames()).containsExactly("base", "good");
        assertThat(r.kinds("good")).containsExactly(PluginRegistry.Kind.VIEW, PluginRegistry.Kind.FETCH);
        assertThat(r.kinds("base")).containsExactly(PluginRegistry.Kind.VIEW);
        assertThat(r.hasFetcher("base")).isFalse();
        assertThat(r.exists("base")).isTrue();
        assertThat(r.exists("nothing")).isFalse();
        assertThat(r.kinds("nothing")).isEmpty();
        assertThat(r.fetcher("good")).containsInstanceOf(GoodFetcher.class);
        assertThat(r.viewer("good")).isPresent();
    }

    @Test
    void duplicateIdsFailNamingBothClasses() {
        assertThatThrownBy(() -> PluginRegistry.builder().fetcher(new GoodFetcher()).fetcher(new OtherGoodFetcher()))
                .isInstanceOf(KuradoException.class)
                .hasMessageContaining("two fetchers have the id 'good'")
                .hasMessageContaining(GoodFetcher.class.getName())
                .hasMessageContaining(OtherGoodFetcher.class.getName());
    }

    @Test
    void discoverySkipsProvidersThatCannotBeLoaded() throws IOException {
        Path services = tmp.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(MetricsFetcher.class.getName()), String.join("\n",
                "# a comment line",
                BrokenFetcher.class.getName(),
                "no.such.PluginClass",
                GoodFetcher.class.getName(),
                ""));
        try (URLClassLoader cl = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            PluginRegistry r = PluginRegistry.discover(cl);
            assertThat(r.fetcher("good")).containsInstanceOf(GoodFetcher.class);
            assertThat(r.fetcher("broken")).isEmpty();
        }
    }

    @Test
    void discoveryFailsOnDuplicateIdsAcrossJars() throws IOException {
        Path services = tmp.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(MetricsFetcher.class.getName()),
                GoodFetcher.class.getName() + "\n" + OtherGoodFetcher.class.getName() + "\n");
        try (URLClassLoader cl = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> PluginRegistry.discover(cl)).hasMessageContaining("two fetchers have the id 'good'");
        }
    }

    @Test
    void pluginJarsAreFoundInTheConfiguredDirectories() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("metrics_site_plugins"));
        Files.write(dir.resolve("b.jar"), new byte[0]);
        Files.write(dir.resolve("a.jar"), new byte[0]);
        Files.write(dir.resolve("notes.txt"), new byte[0]);
        assertThat(PluginJars.find(List.of(tmp.resolve("missing"), dir)))
                .containsExactly(dir.resolve("a.jar"), dir.resolve("b.jar"));
        assertThat(PluginJars.classLoader(List.of(tmp.resolve("missing")), getClass().getClassLoader()))
                .isSameAs(getClass().getClassLoader());
    }

    /** A fetcher with id "good". */
    public static final class GoodFetcher implements MetricsFetcher {
        @Override
        public String id() {
            return "good";
        }

        @Override
        public FetchResult fetch(FetchContext context) {
            return context.result().build();
        }
    }

    /** Another fetcher with id "good". */
    public static final class OtherGoodFetcher implements MetricsFetcher {
        @Override
        public String id() {
            return "good";
        }

        @Override
        public FetchResult fetch(FetchContext context) {
            return context.result().build();
        }
    }

    /** A fetcher whose constructor fails. */
    public static final class BrokenFetcher implements MetricsFetcher {
        /** Always fails. */
        public BrokenFetcher() {
            throw new IllegalStateException("cannot start");
        }

        @Override
        public String id() {
            return "broken";
        }

        @Override
        public FetchResult fetch(FetchContext context) {
            throw new UnsupportedOperationException();
        }
    }

    private record NamedRenderer(String name) implements io.kurado.api.graph.GraphRenderer {
        @Override
        public io.kurado.api.graph.RenderedGraph render(io.kurado.api.graph.GraphRequest request) {
            throw new UnsupportedOperationException(name);
        }

        @Override
        public io.kurado.api.graph.GraphData data(io.kurado.api.graph.GraphRequest request) {
            throw new UnsupportedOperationException(name);
        }
    }
}
