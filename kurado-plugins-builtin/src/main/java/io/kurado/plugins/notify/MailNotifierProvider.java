package io.kurado.plugins.notify;

import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierConfig;
import io.kurado.api.alert.NotifierProvider;
import java.util.List;

/**
 * Receivers of {@code type: mail}: one plain-text mail per notification over SMTP (Eclipse Angus
 * Mail), listing the alerts with a link to each host's page. Settings:
 *
 * <ul>
 *   <li>{@code smtp_host} (required) and {@code smtp_port} (default 25, or 465 with {@code tls});
 *   <li>{@code tls}: {@code true} to speak TLS from the start (SMTPS), default {@code false};
 *   <li>{@code ca_file}: a PEM file of the certificates TLS trusts (a private CA's), instead of the
 *       JVM's; the server's name is checked either way;
 *   <li>{@code starttls}: {@code true} (default: switch to TLS when the server offers it),
 *       {@code required} (refuse to send otherwise) or {@code false};
 *   <li>{@code username} and {@code password} or {@code password_file} (its first line, read at each
 *       send), to log in;
 *   <li>{@code from} (required) and {@code to} (required: an address or a list of them);
 *   <li>{@code timeout}: how long connecting, and each read or write, may take (default {@code 10s}).
 * </ul>
 *
 * <p>A mail the server refuses for good (a 5xx answer) is not sent again; anything else (no
 * connection, a 4xx, a refused login) is.
 *
 * @see MailText
 */
public final class MailNotifierProvider implements NotifierProvider {
    @Override
    public String type() {
        return "mail";
    }

    @Override
    public List<String> problems(NotifierConfig config) {
        Settings s = new Settings(config, type());
        MailOptions.read(s);
        return s.problems();
    }

    @Override
    public Notifier create(NotifierConfig config) {
        Settings s = new Settings(config, type());
        MailOptions options = MailOptions.read(s);
        s.failOnProblems();
        return new MailNotifier(config.name(), options);
    }
}
