package io.kurado.plugins.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfDirTest {
    @TempDir
    Path dir;

    @Test
    void loadsPluginTablesOfEveryTomlFileAndIgnoresTheRest() throws Exception {
        write("sample.toml", "title = \"ignored\"\n[plugin.metrics.process]\ncommand = \"echo fork.derive\"\n");
        write("test.toml", "[other]\nx = 1\n[plugin.metrics.dice]\ncommand = \"echo 1\"\ntimeout = 5\n"
                + "[plugin.metrics.fast]\ncommand = \"true\"\ntimeout = 0.25\n");
        write("notes.txt", "[plugin.metrics.nope]\n");
        List<CommandPlugin> plugins = ConfDir.load(dir);
        assertThat(plugins).extracting(CommandPlugin::name).containsExactly("dice", "fast", "process");
        assertThat(plugins.get(0).timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(plugins.get(1).timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(plugins.get(2).timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(plugins.get(2).command()).isEqualTo("echo fork.derive");
        assertThat(plugins.get(2).source()).isEqualTo(dir.resolve("sample.toml") + ":2");
    }

    @Test
    void anEmptyDirectoryHasNoPlugins() {
        assertThat(ConfDir.load(dir)).isEmpty();
    }

    @Test
    void aLaterFileReplacesAPluginOfTheSameName() throws Exception {
        write("a.toml", "[plugin.metrics.x]\ncommand = \"echo a\"\n");
        write("b.toml", "[plugin.metrics.x]\ncommand = \"echo b\"\n");
        assertThat(ConfDir.load(dir)).singleElement().extracting(CommandPlugin::command).isEqualTo("echo b");
    }

    @Test
    void invalidTomlIsReportedWithFileAndLine() throws Exception {
        write("bad.toml", "[plugin.metrics.x]\ncommand = \"echo\n");
        assertThatThrownBy(() -> ConfDir.load(dir)).isInstanceOf(ConfDirException.class)
                .hasMessageStartingWith(dir.resolve("bad.toml") + ":2: invalid TOML: ");
    }

    @Test
    void aTableNestedDeeperThanTwoDotsIsAnErrorNamingIt() throws Exception {
        write("deep.toml", "[plugin.metrics.mysql]\ncommand = \"echo\"\n\n[plugin.metrics.mysql.slave]\ncommand = \"echo 2\"\n");
        assertThatThrownBy(() -> ConfDir.load(dir)).isInstanceOf(ConfDirException.class)
                .hasMessage(dir.resolve("deep.toml") + ":4: table [plugin.metrics.mysql.slave] is nested too deep;"
                        + " a plugin is a table [plugin.metrics.<name>] (two dots) with a command");
    }

    @Test
    void aPluginTableWithOnlyADeeperTableIsAnErrorToo() throws Exception {
        write("deep.toml", "[plugin.metrics.a.b]\ncommand = \"echo\"\n");
        assertThatThrownBy(() -> ConfDir.load(dir)).hasMessageContaining("table [plugin.metrics.a.b] is nested too deep");
    }

    @Test
    void everyProblemOfEveryFileIsReportedAtOnce() throws Exception {
        write("a.toml", "[plugin.metrics.nocmd]\ntimeout = 3\n[plugin.metrics.num]\ncommand = 42\n");
        write("b.toml", "[plugin.metrics.t]\ncommand = \"x\"\ntimeout = -1\ncomand = \"typo\"\n");
        write("c.toml", "[plugin.metrics]\nflat = \"echo\"\n");
        ConfDirException e = (ConfDirException) org.junit.jupiter.api.Assertions.assertThrows(ConfDirException.class, () -> ConfDir.load(dir));
        assertThat(e.problems()).containsExactly(
                dir.resolve("a.toml") + ":1: plugin.metrics.nocmd has no command",
                dir.resolve("a.toml") + ":4: plugin.metrics.num.command must be a non-empty string",
                dir.resolve("b.toml") + ":3: plugin.metrics.t.timeout must be a positive number of seconds",
                dir.resolve("b.toml") + ":4: unknown key plugin.metrics.t.comand (expected command and optionally timeout)",
                dir.resolve("c.toml") + ":2: plugin.metrics.flat must be a table [plugin.metrics.flat] with a command");
    }

    @Test
    void aMissingDirectoryIsAnError() {
        assertThatThrownBy(() -> ConfDir.load(dir.resolve("nope"))).hasMessageEndingWith("nope: not a directory");
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }
}
