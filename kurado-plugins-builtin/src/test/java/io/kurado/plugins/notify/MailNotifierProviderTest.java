package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.alert.NotifierProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailNotifierProviderTest extends BuiltinNotifierContract {
    @TempDir
    Path dir;

    @Override
    protected NotifierProvider provider() {
        return new MailNotifierProvider();
    }

    @Override
    protected Map<String, Object> validSettings() {
        return Map.of("smtp_host", "smtp.example.com", "smtp_port", 587, "starttls", "required", "username", "kurado", "password",
                "pa55-w0rd", "from", "Kurado <kurado@example.com>", "to", List.of("ops@example.com", "Oncall <oncall@example.com>"));
    }

    @Override
    protected List<String> secrets() {
        return List.of("pa55-w0rd");
    }

    @Override
    protected List<String> required() {
        return List.of("smtp_host", "from", "to");
    }

    @Test
    void oneAddressIsAsGoodAsAListAndAWrongOneIsNamed() {
        assertThat(provider().problems(config(Map.of("smtp_host", "h", "from", "k@example.com", "to", "ops@example.com")))).isEmpty();
        assertThat(provider().problems(config(Map.of("smtp_host", "h", "from", "k@example.com", "to", List.of("ops@example.com", "not an address")))))
                .singleElement().asString().startsWith("mail receiver 'ops': setting 'to' is not a mail address: 'not an address'");
    }

    @Test
    void aPasswordNeedsAUserAndOnlyOneOfPasswordAndPasswordFile() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
        Map<String, Object> base = Map.of("smtp_host", "h", "from", "k@example.com", "to", "ops@example.com");

        assertThat(provider().problems(config(with(base, "password", "pa55-w0rd")))).containsExactly(
                "mail receiver 'ops': setting 'username' is required with a password");
        assertThat(provider().problems(config(with(with(with(base, "username", "u"), "password", "pa55-w0rd"), "password_file", file.toString()))))
                .containsExactly("mail receiver 'ops': setting 'password' and 'password_file' are both set; keep one");
        assertThat(provider().problems(config(with(base, "username", "u")))).containsExactly(
                "mail receiver 'ops': setting 'password' or 'password_file' is required with a username");
        assertThat(provider().problems(config(with(with(base, "username", "u"), "password_file", dir.resolve("missing").toString()))))
                .singleElement().asString().contains("'password_file' names a file that cannot be read");
        assertThat(provider().problems(config(with(with(base, "username", "u"), "password_file", file.toString())))).isEmpty();
    }

    @Test
    void starttlsAndThePortTakeOnlyWhatTheyCan() {
        Map<String, Object> base = Map.of("smtp_host", "h", "from", "k@example.com", "to", "ops@example.com");

        assertThat(provider().problems(config(with(base, "starttls", "maybe")))).containsExactly(
                "mail receiver 'ops': setting 'starttls' must be one of true, false, required, not 'maybe'");
        assertThat(provider().problems(config(with(base, "starttls", false)))).isEmpty();
        assertThat(provider().problems(config(with(base, "smtp_port", 70000)))).containsExactly(
                "mail receiver 'ops': setting 'smtp_port' must be a port number from 1 to 65535, not '70000'");
        assertThat(provider().problems(config(with(base, "smtp_host", "h:25")))).singleElement().asString().contains("'smtp_port'");
    }

    @Test
    void tlsFromTheStartTakesPort465AndNoStarttls() throws IOException {
        Map<String, Object> base = Map.of("smtp_host", "h", "from", "k@example.com", "to", "ops@example.com", "tls", true);
        Settings s = new Settings(config(base), "mail");

        assertThat(MailOptions.read(s).smtpPort()).isEqualTo(465);
        assertThat(s.problems()).isEmpty();
        assertThat(provider().problems(config(with(base, "starttls", "required")))).containsExactly(
                "mail receiver 'ops': setting 'starttls' applies to a plain connection; with 'tls: true' the connection is TLS from the start");
    }

    @Test
    void caFileMustHoldPemCertificates() throws IOException {
        Map<String, Object> base = Map.of("smtp_host", "h", "from", "k@example.com", "to", "ops@example.com");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");

        assertThat(provider().problems(config(with(base, "ca_file", notPem.toString())))).singleElement().asString()
                .startsWith("mail receiver 'ops': setting 'ca_file' names a file without PEM certificates: " + notPem);
        assertThat(provider().problems(config(with(base, "ca_file", dir.resolve("missing.pem").toString())))).singleElement().asString()
                .startsWith("mail receiver 'ops': setting 'ca_file' names a file that cannot be read");
    }

    private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
        Map<String, Object> out = new java.util.HashMap<>(m);
        out.put(k, v);
        return out;
    }
}
