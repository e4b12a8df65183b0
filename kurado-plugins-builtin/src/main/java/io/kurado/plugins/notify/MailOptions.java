package io.kurado.plugins.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A mail receiver's settings.
 *
 * @param smtpHost the SMTP server
 * @param smtpPort its port (25, 587 for submission, 465 with {@code tls})
 * @param tls whether the connection is TLS from the start (SMTPS, port 465)
 * @param caFile the PEM certificates a TLS connection trusts instead of the JVM's, if given
 * @param starttls {@code true}: switch to TLS when the server offers it; {@code required}: refuse
 *     to send otherwise; {@code false}: never
 * @param username the user to log in as, if any
 * @param password the password, if given in the configuration
 * @param passwordFile the file holding the password (read at each send), if given
 * @param from the sender
 * @param to the recipients
 * @param timeout how long connecting, and each read or write, may take
 */
record MailOptions(String smtpHost, int smtpPort, boolean tls, Optional<Path> caFile, String starttls, Optional<String> username, Optional<String> password,
        Optional<Path> passwordFile, InternetAddress from, List<InternetAddress> to, Duration timeout) {
    static final Set<String> KNOWN = Set.of("smtp_host", "smtp_port", "tls", "ca_file", "starttls", "username", "password", "password_file", "from", "to",
            "timeout");
    static final List<String> STARTTLS = List.of("true", "false", "required");

    MailOptions {
        to = List.copyOf(to);
    }

    /**
     * @param s the receiver's settings; what is wrong is left in it
     * @return the options, with defaults where a setting is wrong
     */
    static MailOptions read(Settings s) {
        s.onlyKnown(KNOWN);
        String host = s.required("smtp_host");
        if (host.contains(":")) {
            s.problem("smtp_host", "is a host name or address alone; give the port in 'smtp_port'");
        }
        boolean tls = s.oneOf("tls", List.of("false", "true")).equals("true");
        int port = s.port("smtp_port", tls ? 465 : 25);
        if (tls && s.string("starttls").isPresent()) {
            s.problem("starttls", "applies to a plain connection; with 'tls: true' the connection is TLS from the start");
        }
        String starttls = s.oneOf("starttls", STARTTLS);
        Optional<Path> caFile = s.string("ca_file").flatMap(f -> {
            try {
                Path p = Path.of(f);
                TrustedCertificates.read(p);
                return Optional.of(p);
            } catch (InvalidPathException e) {
                s.problem("ca_file", "is not a file name: " + f);
            } catch (IOException e) {
                s.problem("ca_file", "names a file that cannot be read: " + f + " (" + e + ")");
            } catch (java.security.GeneralSecurityException e) {
                s.problem("ca_file", "names a file without PEM certificates: " + f + " (" + e.getMessage() + ")");
            }
            return Optional.empty();
        });
        Optional<String> username = s.string("username");
        Optional<String> password = s.string("password");
        Optional<Path> passwordFile = s.readableFile("password_file");
        if (password.isPresent() && passwordFile.isPresent()) {
            s.problem("password", "and 'password_file' are both set; keep one");
        }
        if (username.isEmpty() && (password.isPresent() || passwordFile.isPresent())) {
            s.problem("username", "is required with a password");
        }
        if (username.isPresent() && password.isEmpty() && passwordFile.isEmpty() && s.problems().stream().noneMatch(p -> p.contains("'password"))) {
            s.problem("password", "or 'password_file' is required with a username");
        }
        InternetAddress from = address(s, "from", s.required("from")).orElseGet(InternetAddress::new);
        List<InternetAddress> to = new ArrayList<>();
        List<String> listed = s.list("to");
        if (listed.isEmpty() && s.problems().stream().noneMatch(p -> p.contains("'to'"))) {
            s.problem("to", "is required: the addresses to send to");
        }
        for (String t : listed) {
            address(s, "to", t).ifPresent(to::add);
        }
        Duration timeout = s.duration("timeout", WebhookOptions.DEFAULT_TIMEOUT);
        return new MailOptions(host, port, tls, caFile, starttls, username, password, passwordFile, from, to, timeout);
    }

    private static Optional<InternetAddress> address(Settings s, String key, String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            InternetAddress a = new InternetAddress(text, true);
            if (a.getAddress() == null || !a.getAddress().contains("@")) {
                s.problem(key, "is not a mail address with a domain: '" + text + "'");
                return Optional.empty();
            }
            return Optional.of(a);
        } catch (AddressException e) {
            s.problem(key, "is not a mail address: '" + text + "' (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /**
     * @return the password to log in with, if any: the configured one, or the first line of the
     *     password file as it is now
     * @throws IOException when the file cannot be read
     */
    Optional<String> currentPassword() throws IOException {
        if (passwordFile.isPresent()) {
            return Optional.of(Settings.firstLine(passwordFile.get()));
        }
        return password;
    }

    /** @return the settings without the password */
    @Override
    public String toString() {
        return "MailOptions[smtp=" + smtpHost + ":" + smtpPort + ", tls=" + tls + ", caFile=" + caFile.map(Path::toString).orElse("(none)")
                + ", starttls=" + starttls + ", username=" + username.orElse("(none)")
                + ", password=" + (password.isPresent() ? "(set)" : passwordFile.map(p -> "(in " + p + ")").orElse("(none)"))
                + ", from=" + from + ", to=" + to + ", timeout=" + timeout + "]";
    }
}
