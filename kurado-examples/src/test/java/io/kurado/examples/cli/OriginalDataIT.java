package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Host;
import io.kurado.api.Meta;
import io.kurado.api.PluginRef;
import io.kurado.api.meta.MetaWrite;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testkit.CheckReport;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.web.KuradoWeb;
import io.kurado.core.web.WebRequest;
import io.kurado.core.web.WebResponse;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A data directory as the original writes it (rrdtool files, one data source {@code n}, its layout)
 * for every key the built-in viewers read, converted with {@code kurado import}: the web UI draws
 * every graph of every built-in plugin from it.
 */
class OriginalDataIT {
    private static final String ADDRESS = "192.168.51.20";
    private static final Map<String, Map<String, String>> PLUGINS = new LinkedHashMap<>();

    static {
        PLUGINS.put("http:80", Map.of("has-reqs", "1"));
        PLUGINS.put("nginx:80", Map.of());
        PLUGINS.put("memcached:11211", Map.of());
        PLUGINS.put("mysql", Map.of("innodb", "1", "replication", "1"));
        PLUGINS.put("redis:6379", Map.of());
        PLUGINS.put("squid:3128", Map.of());
        PLUGINS.put("jolokia:8778", Map.of());
        PLUGINS.put("opcache:82", Map.of());
        PLUGINS.put("gaurun:1056", Map.of());
        PLUGINS.put("goapp:1056", Map.of());
    }

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prerequisites.program("/usr/bin/rrdtool");
    }

    @Test
    void everyGraphOfEveryBuiltInPluginDrawsFromTheOriginalsFiles() throws Exception {
        PluginRegistry registry = PluginTestKit.discover();
        long now = System.currentTimeMillis() / 1000;
        long start = now - 3600;
        Path old = dir.resolve("old");
        int files = 0;
        for (Map.Entry<String, Map<String, String>> e : PLUGINS.entrySet()) {
            PluginRef p = PluginRef.parse(e.getKey());
            CheckReport report = PluginTestKit.check(registry, p.name()).view(v -> v.arguments(p.arguments()).meta(e.getValue())).run();
            report.assertPassed();
            for (String key : report.referencedKeys()) {
                Path file = old.resolve(ADDRESS).resolve(p.escapedIdentifier()).resolve(key + ".rrd");
                Files.createDirectories(file.getParent());
                String type = key.substring(key.lastIndexOf('.') + 1).toUpperCase(java.util.Locale.ROOT);
                rrdtool("create", file.toString(), "--start", Long.toString(start - 10), "--step", "60", "DS:n:" + type + ":120:U:U",
                        "RRA:AVERAGE:0.5:1:2880", "RRA:AVERAGE:0.5:5:2880", "RRA:AVERAGE:0.5:60:960", "RRA:AVERAGE:0.5:1440:1100",
                        "RRA:MIN:0.5:1:2880", "RRA:MIN:0.5:5:2880", "RRA:MIN:0.5:60:960", "RRA:MIN:0.5:1440:1100",
                        "RRA:MAX:0.5:1:2880", "RRA:MAX:0.5:5:2880", "RRA:MAX:0.5:60:960", "RRA:MAX:0.5:1440:1100");
                List<String> update = new ArrayList<>(List.of("update", file.toString(), "-t", "n", "--"));
                for (int m = 1; m <= 50; m++) {
                    update.add((start + 60L * m) + ":" + (1000 + 37L * m * m));
                }
                rrdtool(update.toArray(String[]::new));
                files++;
            }
        }
        assertThat(files).isGreaterThan(100);
        Path data = dir.resolve("new");
        StringWriter out = new StringWriter();
        CommandLine cl = KuradoCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("import", "--from", old.toString(), "--to", data.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("converted " + files);

        InstantSource clock = InstantSource.system();
        Roll roll = new Roll("all.yml", dir.resolve("all.yml"), Map.of(), PLUGINS.keySet().stream().map(PluginRef::parse).toList());
        HostEntry host = new HostEntry(new Host(ADDRESS, "db1", ""), "all", "", roll, Map.of());
        Settings settings = new Settings(java.util.Optional.empty(), data, dir, List.of(), 1, 1, 1, Settings.parseListen("127.0.0.1:0"),
                Duration.ofSeconds(30), Map.of());
        KuradoConfig cfg = new KuradoConfig(dir.resolve("kurado.yml"), settings, Map.of(),
                List.of(new Service("all", List.of(new Section("", List.of(host))))), Map.of("all.yml", roll));
        InMemoryMetaStore meta = new InMemoryMetaStore(clock, ZoneOffset.UTC);
        List<Meta> values = new ArrayList<>();
        PLUGINS.forEach((id, m) -> m.forEach((k, v) -> values.add(new Meta(ADDRESS, PluginRef.parse(id), k, v, now))));
        meta.write(new MetaWrite(values, List.of(), List.of(), now));
        int drawn = 0;
        try (RrdStorage storage = new RrdStorage(data, RrdStorageOptions.defaults(clock))) {
            KuradoWeb web = KuradoWeb.builder().config(cfg).registry(registry).metaStore(meta).storage(storage).clock(clock)
                    .zone(ZoneOffset.UTC).build();
            for (String id : PLUGINS.keySet()) {
                PluginRef p = PluginRef.parse(id);
                for (String graph : PluginTestKit.viewer(registry, p.name()).arguments(p.arguments()).meta(PLUGINS.get(id)).run().graphs()) {
                    WebResponse r = web.handler().handle(WebRequest.get("/graph?address=" + ADDRESS + "&plugin_identifier="
                            + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "&graph=" + graph + "&term=day"));
                    assertThat(r.status()).as(id + " " + graph + ": " + r.bodyText()).isEqualTo(200);
                    assertThat(r.body()).as(id + " " + graph).startsWith(0x89, 'P', 'N', 'G');
                    drawn++;
                }
            }
        }
        assertThat(drawn).isEqualTo(65);
    }

    private static void rrdtool(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "/usr/bin/rrdtool";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + output).isZero();
    }
}
