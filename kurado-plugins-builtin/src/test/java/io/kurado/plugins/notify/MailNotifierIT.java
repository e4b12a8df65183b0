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
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
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
        Map<String, Object> settings = new HashMap<>(Map.of("smtp_host", "127.0.0.1", "smtp_port", greenMail.getSmtp().getPort(),
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
