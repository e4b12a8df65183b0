package io.kurado.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's code blocks that show a file of the repository ({@code <!-- file: path -->} on the
 * line before the block) show it exactly, but for its package line.
 */
class ReadmeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FILE_BLOCK = Pattern.compile("<!-- file: (\\S+) -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);

    record Shown(String path, String block) {}

    static List<Shown> shownFiles() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        List<Shown> out = new ArrayList<>();
        Matcher m = FILE_BLOCK.matcher(readme);
        while (m.find()) {
            out.add(new Shown(m.group(1), m.group(2)));
        }
        return out;
    }

    private static final Pattern EXCERPT = Pattern.compile("<!-- from: (\\S+) -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JAR_COMMAND = Pattern.compile("^java (?:-\\S+ )*-jar (?:\\S*/)?kurado\\.jar (.+?)(?:\\s+#.*)?$", Pattern.MULTILINE);

    @Test
    void theConfigurationExampleLoadsAndItsStorageSettingsAreTheOnesSaid(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Configuration"));
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(m.find()).as("the configuration example").isTrue();
        Files.writeString(dir.resolve("kurado.yml"), m.group(1));
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/httpd.yml"), "metrics: [base, \"http:80\"]\n");

        io.kurado.core.config.KuradoConfig config = io.kurado.core.config.ConfigLoader.load(dir.resolve("kurado.yml"));
        io.kurado.rrd.RrdStorageOptions rrd = io.kurado.rrd.RrdStorageOptions.from(new io.kurado.api.ProviderConfig(
                config.settings().raw(), dir, java.time.InstantSource.system()));
        assertThat(rrd.samplesPerWrite()).isEqualTo(10);
        assertThat(rrd.maxWriteDelay()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(rrd.writerThreads()).isEqualTo(2);
        assertThat(rrd.maxSeriesPerPlugin()).isEqualTo(2000);
        assertThat(io.kurado.core.Providers.storageId(config)).isEqualTo("rrd");
        assertThat(config.hosts()).hasSize(2);
        assertThat(config.settings().pluginDirs()).as("the example shows metrics_plugin_dir, which 'Writing a plugin' refers to")
                .containsExactly(dir.resolve("plugins"));
    }

    @Test
    void theSeveralServersExampleLoadsWithTheClusterSettingsItSays(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Running several servers"));
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(m.find()).as("the cluster example").isTrue();
        Files.writeString(dir.resolve("kurado.yml"), m.group(1));
        io.kurado.core.config.ClusterSettings c = io.kurado.core.config.ConfigLoader.load(dir.resolve("kurado.yml")).cluster();
        assertThat(c.enabled()).isTrue();
        assertThat(c.nodeId()).contains("kurado-a");
        assertThat(c.advertiseUrl()).contains(java.net.URI.create("http://10.0.0.11:5434/"));
        assertThat(c.shards()).isEqualTo(io.kurado.core.cluster.Shards.DEFAULT_COUNT);
        assertThat(c.replicas()).isEqualTo(io.kurado.core.config.ClusterSettings.NONE.replicas());
        assertThat(c.shardBacklog()).isEqualTo(io.kurado.core.config.ClusterSettings.NONE.shardBacklog());
        assertThat(c.settle()).isEqualTo(io.kurado.core.config.ClusterSettings.NONE.settle());
        assertThat(section).contains("`kurado-shard:{s<shard>}:1`").contains(io.kurado.core.cluster.ShardRouter.LEASE)
                .contains(io.kurado.core.cluster.ShardMapStore.FIELD).contains(io.kurado.core.cluster.NodeRegistry.NAMESPACE);
    }

    @Test
    void theProductionAccessExampleLoadsWithTheCertificateItsCommandMakes(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("### Who may see the UI"));
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(yaml.find()).as("the web example").isTrue();
        Files.writeString(dir.resolve("kurado.yml"), yaml.group(1));
        Matcher sh = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(section.substring(section.indexOf("### TLS")));
        assertThat(sh.find()).as("the TLS commands").isTrue();
        String req = sh.group(1).substring(sh.group(1).indexOf("openssl req")).replace("\\\n", " ");
        req = req.substring(0, req.indexOf('\n'));
        Files.createDirectories(dir.resolve("tls"));
        Process p = new ProcessBuilder("sh", "-c", req).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(req + "\n" + out).isZero();

        io.kurado.core.config.WebAccess access = io.kurado.core.config.ConfigLoader.load(dir.resolve("kurado.yml")).settings().access();
        assertThat(access.allow()).hasSize(3);
        assertThat(access.users()).containsOnlyKeys("alice");
        assertThat(access.trustedProxy()).get().extracting(io.kurado.core.config.WebAccess.TrustedProxy::header).isEqualTo("X-Forwarded-User");
        assertThat(access.tls()).contains(new io.kurado.core.config.WebAccess.TlsFiles(dir.resolve("tls/kurado.crt"), dir.resolve("tls/kurado.key")));
        assertThat(at.favre.lib.crypto.bcrypt.BCrypt.verifyer().verify("correct horse".toCharArray(), access.users().get("alice")).verified)
                .as("the README's hash is htpasswd's").isTrue();
    }

    @Test
    void thePluginSectionDescribesEveryKindOfValueAFetchReturnsWithBuilderMethodsThatExist() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Writing a plugin"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        List<String> kinds = new ArrayList<>();
        for (io.kurado.api.DataSourceType t : io.kurado.api.DataSourceType.values()) {
            kinds.add(t.suffix());
        }
        kinds.addAll(List.of("meta", "warn"));
        java.util.Set<String> builder = new java.util.HashSet<>();
        for (java.lang.reflect.Method method : io.kurado.api.fetch.FetchResult.Builder.class.getMethods()) {
            builder.add(method.getName());
        }
        for (String kind : kinds) {
            Matcher row = Pattern.compile("(?m)^\\| `" + kind + "` \\| `\\.(\\w+)\\(.*$").matcher(section);
            assertThat(row.find()).as("a row for the kind " + kind + " in the README's plugin section").isTrue();
            assertThat(builder).as("the builder method of " + kind).contains(row.group(1));
        }
    }

    @Test
    void everyExcerptIsPartOfItsFile() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = EXCERPT.matcher(readme);
        int n = 0;
        while (m.find()) {
            n++;
            Path file = ROOT.resolve(m.group(1));
            assertThat(file).as("README quotes " + m.group(1)).isRegularFile();
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).as("README excerpt of " + m.group(1)).contains(m.group(2));
        }
        assertThat(n).isPositive();
    }

    @Test
    void theAlertsExampleLoadsWithItsRulesAndReceivers(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Alerts"));
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(m.find()).as("the alerts example").isTrue();
        Files.writeString(dir.resolve("kurado.yml"), m.group(1));
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/httpd.yml"), "metrics: [base, \"http:80\"]\n");
        java.util.function.Function<List<Path>, java.util.Set<String>> plugins = dirs -> java.util.Set.of("base", "http");
        if (io.kurado.core.alert.NotifierProviders.installed().provider("webhook").isEmpty()) {
            // until the webhook notifier is on the class path, that is the example's only problem
            io.kurado.core.config.ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    io.kurado.core.config.ConfigException.class,
                    () -> io.kurado.core.config.ConfigLoader.loadWithPluginNames(dir.resolve("kurado.yml"), plugins));
            assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                    .startsWith("receiver 'ops': no notifier of type 'webhook' is installed"));
            return;
        }
        io.kurado.core.config.KuradoConfig config = io.kurado.core.config.ConfigLoader.loadWithPluginNames(dir.resolve("kurado.yml"),
                plugins);
        io.kurado.core.config.AlertsConfig a = config.alerts();
        assertThat(a.disabled()).containsExactly("load-per-processor");
        assertThat(a.rules()).extracting(r -> r.rule().name()).containsExactly("disk-usage", "slow-front-pages");
        assertThat(a.receivers()).extracting(io.kurado.core.config.ReceiverConfig::type).containsExactly("webhook");
        assertThat(a.groupWait()).isEqualTo(java.time.Duration.ofSeconds(30));
    }

    @Test
    void everyJarCommandInTheReadmeParses() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = JAR_COMMAND.matcher(readme);
        List<String> commands = new ArrayList<>();
        while (m.find()) {
            commands.add(m.group(1).strip());
        }
        assertThat(commands).contains("plugin list --plugin-dir ~/my-plugin/target");
        for (String c : commands) {
            String[] args = c.replace("~", System.getProperty("user.home")).split("\\s+");
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> io.kurado.examples.cli.KuradoCommand.commandLine().parseArgs(args)))
                    .as("README command: java -jar kurado.jar " + c).isNull();
        }
    }

    @Test
    void everyBlockThatShowsAFileShowsItAsItIs() throws IOException {
        List<Shown> shown = shownFiles();
        assertThat(shown).extracting(Shown::path)
                .contains("kurado-examples/src/main/java/io/kurado/examples/embed/EmbeddedServer.java",
                        "kurado-examples/src/main/java/io/kurado/examples/embed/MountedUi.java",
                        "kurado-examples/plugin-starter/pom.xml");
        for (Shown s : shown) {
            Path file = ROOT.resolve(s.path());
            assertThat(file).as("README shows " + s.path()).isRegularFile();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String body = text.startsWith("package ") ? text.substring(text.indexOf('\n') + 1).stripLeading() : text;
            assertThat(s.block()).as("README block of " + s.path() + " (update the README when the file changes)")
                    .isEqualTo(body);
        }
    }
}
