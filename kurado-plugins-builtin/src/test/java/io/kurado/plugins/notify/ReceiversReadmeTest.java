package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.alert.NotifierConfig;
import io.kurado.api.alert.NotifierProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The README's "Alert receivers" part says what the notifiers do. */
class ReceiversReadmeTest {
    @TempDir
    Path dir;

    static String section() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md").toAbsolutePath().normalize(), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Alert receivers\n");
        assertThat(start).as("the README's \"## Alert receivers\" heading").isNotNegative();
        String s = readme.substring(start + 1);
        int end = s.indexOf("\n## ");
        return end < 0 ? s : s.substring(0, end);
    }

    static String block(String language) throws IOException {
        Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section());
        assertThat(m.find()).as("a " + language + " block in the README's Alert receivers part").isTrue();
        return m.group(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyReceiverOfTheExampleHasSettingsWithoutProblems() throws IOException {
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(block("yaml"));
        List<Map<String, Object>> receivers = (List<Map<String, Object>>) doc.get("receivers");
        assertThat(receivers).extracting(r -> r.get("type")).containsExactly("webhook", "mail", "alertmanager");
        Path password = Files.writeString(dir.resolve("smtp-password"), "pw\n");
        for (Map<String, Object> r : receivers) {
            Map<String, Object> settings = new HashMap<>(r);
            settings.computeIfPresent("password_file", (k, v) -> password.toString());
            NotifierProvider provider = ServiceLoader.load(NotifierProvider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.type().equals(r.get("type"))).findFirst().orElseThrow();
            assertThat(provider.problems(new NotifierConfig((String) r.get("name"), settings, "http://kurado.example.com", InstantSource.system())))
                    .as("problems of the README's receiver " + r.get("name")).isEmpty();
        }
    }

    @Test
    void theMailExampleIsTheSampleNotificationsBody() throws IOException {
        assertThat(MailText.body(SampleNotifications.sample())).startsWith(block("text").stripTrailing() + "\n");
    }

    @Test
    void thePythonCheckOfTheSignatureAcceptsTheNotifiersAndRefusesAnother() throws Exception {
        Assumptions.assumeTrue(runs("python3", "--version"), "python3 is not installed");
        byte[] body = WebhookPayload.json(SampleNotifications.sample());
        Path bodyFile = Files.write(dir.resolve("body.json"), body);
        Path script = Files.writeString(dir.resolve("check.py"), block("python")
                + "\nimport sys\nprint(signed_by_kurado(sys.argv[1], open(sys.argv[2], 'rb').read(), sys.argv[3]))\n");
        String signature = Signature.of("change-me", body);

        assertThat(output("python3", script.toString(), "change-me", bodyFile.toString(), signature)).isEqualTo("True");
        assertThat(output("python3", script.toString(), "other", bodyFile.toString(), signature)).isEqualTo("False");
    }

    @Test
    void theShellLineComputesTheSameSignature() throws Exception {
        Assumptions.assumeTrue(runs("openssl", "version"), "openssl is not installed");
        Matcher m = Pattern.compile("`(printf 'sha256=.*?body\\.json.*?)`\\.").matcher(section());
        assertThat(m.find()).isTrue();
        byte[] body = WebhookPayload.json(SampleNotifications.sample());
        Files.write(dir.resolve("body.json"), body);
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", m.group(1)).directory(dir.toFile());
        pb.environment().put("SECRET", "change-me");

        assertThat(output(pb)).isEqualTo(Signature.of("change-me", body));
    }

    private static boolean runs(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String output(String... command) throws Exception {
        return output(new ProcessBuilder(command));
    }

    private static String output(ProcessBuilder pb) throws Exception {
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(String.join(" ", pb.command()) + ": " + out).isZero();
        return out;
    }
}
