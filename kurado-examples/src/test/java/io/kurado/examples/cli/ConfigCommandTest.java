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
