package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.kurado.api.alert.Notification;
import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierConfig;
import io.kurado.api.alert.NotifierException;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mail notifier against GreenMail's SMTP server on a free loopback port. */
class MailNotifierIT {
    @TempDir
    Path dir;

    private GreenMail greenMail;

    private GreenMail start(GreenMailConfiguration configuration) {
        return start(configuration, ServerSetup.PROTOCOL_SMTP);
    }

    private GreenMail start(GreenMailConfiguration configuration, String protocol) {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", protocol));
        greenMail.withConfiguration(configuration);
        greenMail.start();
        return greenMail;
    }

    @AfterEach
    void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private Notifier notifier(Map<String, Object> extra) {
        int port = greenMail.getSmtp() != null ? greenMail.getSmtp().getPort() : greenMail.getSmtps().getPort();
        Map<String, Object> settings = new HashMap<>(Map.of("smtp_host", "127.0.0.1", "smtp_port", port,
                "from", "Kurado <kurado@example.com>", "to", List.of("ops@example.com", "oncall@example.com")));
        settings.putAll(extra);
        NotifierConfig config = new NotifierConfig("ops", settings, SampleNotifications.EXTERNAL_URL, InstantSource.system());
        MailNotifierProvider provider = new MailNotifierProvider();
        assertThat(provider.problems(config)).isEmpty();
        return provider.create(config);
    }

    @Test
    void sendsOnePlainTextMailPerNotificationToEveryRecipient() throws Exception {
        start(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        try (Notifier n = notifier(Map.of("starttls", "false"))) {
            n.send(SampleNotifications.sample());
        }

        assertThat(greenMail.waitForIncomingEmail(10_000, 2)).as("one mail for each of the two recipients").isTrue();
        MimeMessage[] mails = greenMail.getReceivedMessages();
        assertThat(mails).hasSize(2);
        MimeMessage m = mails[0];
        assertThat(m.getSubject()).isEqualTo("[FIRING:1] service=shop severity=critical");
        assertThat(m.getFrom()).containsExactly(new InternetAddress("Kurado <kurado@example.com>"));
        assertThat(m.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress("ops@example.com"),
                new InternetAddress("oncall@example.com"));
        assertThat(m.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        // SMTP takes the last line break as part of the end of the mail
        assertThat(((String) m.getContent()).replace("\r\n", "\n")).isEqualTo(MailText.body(SampleNotifications.sample()).stripTrailing())
                .contains("- 192.168.0.10 www1  DiskFull: disk / is 96 % full  value 96.2  since 2026-12-07 19:55:00 UTC\n"
                        + "  http://kurado.example.com/server?address=192.168.0.10\n");
        assertThat(m.getSentDate().toInstant()).isEqualTo(SampleNotifications.AT);
        assertThat(m.getHeader("X-Kurado-Group-Key")).containsExactly("{}:{service=\"shop\", severity=\"critical\"}");
    }

    @Test
    void logsInWithTheUserAndThePasswordFromItsFile() throws Exception {
        start(GreenMailConfiguration.aConfig().withUser("kurado@example.com", "kurado", "pa55-w0rd"));
        Path pw = Files.writeString(dir.resolve("smtp-password"), "pa55-w0rd\n");
        try (Notifier n = notifier(Map.of("username", "kurado", "password_file", pw.toString()))) {
            n.send(SampleNotifications.of(Notification.Kind.FLAPPING, List.of(SampleNotifications.firing())));
        }

        assertThat(greenMail.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("[FLAPPING:1] service=shop severity=critical");
    }

    @Test
    void aRefusedLoginIsTriedAgainAndItsPasswordNeverShown() throws Exception {
        start(GreenMailConfiguration.aConfig().withUser("kurado@example.com", "kurado", "pa55-w0rd"));
        try (Notifier n = notifier(Map.of("username", "kurado", "password", "wrong-pa55"))) {
            NotifierException e = catchThrowableOfType(NotifierException.class, () -> n.send(SampleNotifications.sample()));

            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("mail receiver 'ops'").hasMessageContaining("refused the login of kurado");
            assertThat(e.getMessage()).doesNotContain("wrong-pa55");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsRequiredRefusesAServerThatDoesNotOfferIt() {
        start(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        try (Notifier n = notifier(Map.of("starttls", "required"))) {
            NotifierException e = catchThrowableOfType(NotifierException.class, () -> n.send(SampleNotifications.sample()));

            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("STARTTLS");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    /**
     * GreenMail speaks no STARTTLS, but SMTPS: its key is one made here for 127.0.0.1, loaded once
     * per JVM from the {@code greenmail.tls.*} properties, which only this test sets.
     */
    @Test
    void tlsFromTheStartTrustsTheCertificatesOfCaFileAndLogsIn() throws Exception {
        Path keystore = dir.resolve("smtps.p12");
        Path pem = dir.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "greenmail", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "greenmail", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
        start(GreenMailConfiguration.aConfig().withUser("kurado@example.com", "kurado", "pa55-w0rd"), ServerSetup.PROTOCOL_SMTPS);

        try (Notifier n = notifier(Map.of("tls", true, "ca_file", pem.toString(), "username", "kurado", "password", "pa55-w0rd"))) {
            n.send(SampleNotifications.sample());
        }
        assertThat(greenMail.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("[FIRING:1] service=shop severity=critical");
    }

    @Test
    void aCertificateThatIsNotTrustedIsRefusedAndTriedAgain() throws Exception {
        start(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        Path keystore = dir.resolve("other.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "other", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        try (var server = tls.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try (var socket = (javax.net.ssl.SSLSocket) server.accept()) {
                    socket.startHandshake();
                } catch (IOException refusedByTheClient) {
                    // what the test expects
                }
            }, "test-tls-server");
            accept.start();
            try (Notifier n = notifier(Map.of("smtp_port", server.getLocalPort(), "tls", true))) {
                NotifierException e = catchThrowableOfType(NotifierException.class, () -> n.send(SampleNotifications.sample()));

                assertThat(e.retryable()).isTrue();
                assertThat(e).hasMessageContaining("cannot send through 127.0.0.1:" + server.getLocalPort()).hasMessageContaining("PKIX");
            }
            accept.join(10_000);
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    @Test
    void aServerThatIsNotListeningIsTriedAgain() throws IOException {
        start(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Notifier n = notifier(Map.of("smtp_port", port, "timeout", "2s"))) {
            NotifierException e = catchThrowableOfType(NotifierException.class, () -> n.send(SampleNotifications.sample()));

            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("cannot send through 127.0.0.1:" + port);
        }
    }
}
