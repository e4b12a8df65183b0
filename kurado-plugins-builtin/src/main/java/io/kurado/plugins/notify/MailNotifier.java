package io.kurado.plugins.notify;

import io.kurado.api.alert.Notification;
import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierException;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends each notification as one plain-text mail over SMTP, on a connection of its own; see
 * {@link MailNotifierProvider}. The mail session is this receiver's, not the JVM-wide default one.
 */
final class MailNotifier implements Notifier {
    private final String who;
    private final MailOptions options;
    private final String protocol;
    private final Session session;

    MailNotifier(String name, MailOptions options) {
        this.who = "mail receiver '" + name + "'";
        this.options = options;
        this.protocol = options.tls() ? "smtps" : "smtp";
        Properties p = properties(options);
        if (options.caFile().isPresent()) {
            try {
                p.put("mail." + protocol + ".ssl.socketFactory", TrustedCertificates.socketFactory(options.caFile().get()));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException(who + ": setting 'ca_file': " + e.getMessage(), e);
            }
        }
        this.session = Session.getInstance(p);
    }

    static Properties properties(MailOptions o) {
        Properties p = new Properties();
        String prefix = o.tls() ? "mail.smtps." : "mail.smtp.";
        String ms = Long.toString(o.timeout().toMillis());
        p.setProperty(prefix + "host", o.smtpHost());
        p.setProperty(prefix + "port", Integer.toString(o.smtpPort()));
        p.setProperty(prefix + "connectiontimeout", ms);
        p.setProperty(prefix + "timeout", ms);
        p.setProperty(prefix + "writetimeout", ms);
        p.setProperty(prefix + "sendpartial", "true");
        p.setProperty(prefix + "auth", Boolean.toString(o.username().isPresent()));
        p.setProperty(prefix + "ssl.checkserveridentity", "true");
        if (!o.tls()) {
            p.setProperty(prefix + "starttls.enable", Boolean.toString(!o.starttls().equals("false")));
            p.setProperty(prefix + "starttls.required", Boolean.toString(o.starttls().equals("required")));
        }
        return p;
    }

    /**
     * @param n a notification
     * @return its mail
     * @throws MessagingException when the mail cannot be made
     */
    MimeMessage message(Notification n) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(options.from());
        m.setRecipients(Message.RecipientType.TO, options.to().toArray(new InternetAddress[0]));
        m.setSubject(MailText.subject(n), StandardCharsets.UTF_8.name());
        m.setText(MailText.body(n), StandardCharsets.UTF_8.name());
        m.setSentDate(Date.from(n.at()));
        m.setHeader("X-Kurado-Group-Key", n.groupKey().replaceAll("[\\p{Cntrl}]+", " "));
        return m;
    }

    @Override
    public void send(Notification notification) throws NotifierException {
        String server = options.smtpHost() + ":" + options.smtpPort();
        try {
            MimeMessage m = message(notification);
            String password = options.currentPassword().orElse(null);
            try (Transport t = session.getTransport(protocol)) {
                t.connect(options.smtpHost(), options.smtpPort(), options.username().orElse(null), password);
                t.sendMessage(m, m.getAllRecipients());
            }
        } catch (IOException e) {
            throw new NotifierException(who + ": cannot read password_file " + options.passwordFile().map(Object::toString).orElse("") + ": " + e,
                    true, e);
        } catch (AuthenticationFailedException e) {
            throw new NotifierException(who + ": " + server + " refused the login of " + options.username().orElse("") + ": "
                    + e.getMessage(), true, e);
        } catch (SendFailedException e) {
            throw sendFailed(server, e);
        } catch (MessagingException e) {
            throw new NotifierException(who + ": cannot send through " + server + ": " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"), true, e);
        }
    }

    private NotifierException sendFailed(String server, SendFailedException e) {
        Address[] sent = e.getValidSentAddresses() == null ? new Address[0] : e.getValidSentAddresses();
        Address[] refused = e.getInvalidAddresses() == null ? new Address[0] : e.getInvalidAddresses();
        if (sent.length > 0) {
            return new NotifierException(who + ": " + server + " took the mail for " + Arrays.toString(sent) + " but refused "
                    + Arrays.toString(refused) + ": " + e.getMessage() + " (not sent again)", false, e);
        }
        boolean permanent = permanent(e);
        for (Exception next = e.getNextException(); next != null && !permanent;
                next = next instanceof MessagingException me ? me.getNextException() : null) {
            permanent = next instanceof MessagingException me && permanent(me);
        }
        return new NotifierException(who + ": " + server + " refused the mail"
                + (refused.length > 0 ? " for " + Arrays.toString(refused) : "") + ": " + e.getMessage()
                + (permanent ? " (refused: not sent again)" : ""), !permanent, e);
    }

    private static boolean permanent(MessagingException e) {
        if (e instanceof SMTPAddressFailedException a) {
            return a.getReturnCode() >= 500;
        }
        if (e instanceof SMTPSendFailedException s) {
            return s.getReturnCode() >= 500;
        }
        return false;
    }

    @Override
    public String toString() {
        return "MailNotifier[" + options + "]";
    }
}
