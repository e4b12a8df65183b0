package io.kurado.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The plugin starter carries the repository's own Maven wrapper, so that a copy of it builds with a
 * JDK alone and with the same Maven; {@code PluginStarterIT} builds such a copy.
 */
class PluginStarterTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path STARTER = ROOT.resolve("kurado-examples/plugin-starter");

    @Test
    void theStarterHasTheRepositorysMavenWrapper() throws IOException {
        assertThat(STARTER.resolve("mvnw")).isExecutable();
        assertThat(Files.readString(STARTER.resolve("mvnw"))).isEqualTo(Files.readString(ROOT.resolve("mvnw")));
        assertThat(Files.readString(STARTER.resolve(".mvn/wrapper/maven-wrapper.properties")))
                .as("the starter's wrapper brings the Maven the repository builds with")
                .isEqualTo(Files.readString(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties")));
    }
}
