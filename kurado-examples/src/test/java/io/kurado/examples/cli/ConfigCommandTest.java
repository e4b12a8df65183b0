package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConfigCommandTest {

    @Test
    void printsHostsPerServiceAndTheLoadedPlugins() {
        Run r = run("config", "-c", fixture("kurado.yml"));
        assertThat(r.status).as(r.err).isZero();
        assertThat(r.out).contains("# REGISTERED HOSTS")
                .contains(" batch" + " ".repeat(50 - 5) + "|     1 \n")
                .contains(" ウェブ" + " ".repeat(50 - 6) + "|     2 \n")
                .contains(" TOTAL" + " ".repeat(45) + "|     3 \n")
                .contains("# LOADED PLUGINS")
                .contains(" testview" + " ".repeat(42) + "|  view \n")
                .endsWith("OK. config loaded!\n");
    }

    @Test
    void printsEveryProblemAndFails() {
        Run r = run("config", "-c", fixture("broken.yml"));
        assertThat(r.status).isEqualTo(1);
        assertThat(r.err).contains("3 problems:")
                .contains("broken.yml:3: 'web_worker' must be a whole number")
                .contains("broken.yml:7: roll file 'nope.yml' not found")
                .contains("broken.yml:10: duplicated service 'x'")
                .contains("NG. the configuration has errors");
        assertThat(r.out).isEmpty();
    }

    @Test
    void anOriginalConfigurationUsingEveryBuiltInPluginLoads() {
        Run r = run("config", "-c", fixture("original/kurado.yml"));
        assertThat(r.status).as(r.err).isZero();
        for (String p : java.util.List.of("http", "nginx", "memcached", "mysql", "redis", "squid", "jolokia", "opcache", "gaurun", "goapp")) {
            assertThat(r.out).contains(" " + p + " ".repeat(50 - p.length()) + "|  view \n")
                    .contains(" " + p + " ".repeat(50 - p.length()) + "| fetch \n");
        }
        assertThat(r.out).contains(" base" + " ".repeat(46) + "|  view \n").doesNotContain(" base" + " ".repeat(46) + "| fetch");
        assertThat(r.err).doesNotContain("warning");
    }

    @Test
    void unknownPluginsAreReportedWithEveryStructuralProblem() {
        Run r = run("config", "-c", fixture("problems.yml"));
        assertThat(r.status).isEqualTo(1);
        assertThat(r.err).contains("3 problems:")
                .contains("problems.yml:6: roll file 'missing.yml' not found")
                .contains("problems.yml:9: duplicated service 'x'")
                .contains("unknown.yml:3: could not find plugin 'nosuch'");
    }

    @Test
    void warnsAboutAFetcherWithoutViewerAndAViewerWithoutFetcher() {
        Run r = run("config", "-c", fixture("fetchonly.yml"));
        assertThat(r.status).as(r.err).isZero();
        assertThat(r.err).contains("warning: plugin 'testfetch' (roll fetchonly.yml) has a fetcher but no viewer: its data is stored, but no graph will show")
                .contains("warning: plugin 'testview' (roll fetchonly.yml) has a viewer but no fetcher: only an agent's command plugin named 'testview' can feed it");
    }

    @Test
    void aMistypedPluginIsReportedWithTheNearestInstalledName(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("rolls"));
        java.nio.file.Files.writeString(dir.resolve("rolls/web.yml"), "metrics: [bsae, \"http:80\"]\n");
        java.nio.file.Files.writeString(dir.resolve("kurado.yml"),
                "config:\n  rolls_dir: rolls\n---\nservice: web\nservers:\n  - roll: web.yml\n    hosts: [192.0.2.1 www1]\n");

        Run r = run("config", "-c", dir.resolve("kurado.yml").toString());

        assertThat(r.status).isEqualTo(1);
        assertThat(r.err).contains(dir.resolve("rolls/web.yml") + ":1: could not find plugin 'bsae': no installed fetcher or viewer"
                + " has this id; did you mean 'base'?");
    }

    @Test
    void dumpsJson() {
        Run r = run("config", "-c", fixture("kurado.yml"), "--dump-json");
        assertThat(r.status).as(r.err).isZero();
        assertThat(r.out).contains("\"service\" : \"batch\"").contains("\"hostname\" : \"web1\"").contains("\"comments\" : \"東京\"");
    }

    @Test
    void requiresTheConfigOption() {
        Run r = run("config");
        assertThat(r.status).isEqualTo(2);
        assertThat(r.err).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void helpAndVersionWork() {
        assertThat(run("--help").out).contains("config").contains("bench");
        assertThat(run("--version").out).startsWith("Kurado ");
    }

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = KuradoCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    static String fixture(String name) {
        try {
            return Path.of(ConfigCommandTest.class.getResource("/config/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
