package io.kurado.redis;

import io.kurado.api.KuradoException;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Redis is: {@code host:port} as the original's configuration writes it, or a URI
 * {@code redis://[[user]:password@]host:port[/db]} ({@code rediss://} for TLS). A user name is a
 * Redis 6 ACL user; without one the password is the default user's. The password never appears in
 * {@link #toString()}.
 *
 * @param host the host name or address
 * @param port the port
 * @param username the ACL user name, if any
 * @param password the password, if any
 * @param database the database number
 * @param tls whether the connection is encrypted ({@code rediss://})
 */
public record RedisTarget(String host, int port, Optional<String> username, Optional<String> password, int database, boolean tls) {
    /** The port Redis listens on by default. */
    public static final int DEFAULT_PORT = 6379;

    /** Validates the fields. */
    public RedisTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (host.isEmpty()) {
            throw new KuradoException("redis host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new KuradoException("redis port must be 1-65535, got " + port);
        }
        if (database < 0) {
            throw new KuradoException("redis database must not be negative, got " + database);
        }
    }

    /**
     * A target without user name or TLS.
     *
     * @param host the host name or address
     * @param port the port
     * @param password the password, if any
     * @param database the database number
     */
    public RedisTarget(String host, int port, Optional<String> password, int database) {
        this(host, port, Optional.empty(), password, database, false);
    }

    /**
     * @param text {@code host}, {@code host:port}, {@code [v6]:port} or a {@code redis://} or {@code rediss://} URI
     * @return the target
     * @throws KuradoException naming what is wrong (without the password)
     */
    public static RedisTarget parse(String text) {
        String t = Objects.requireNonNull(text, "text").strip();
        if (t.isEmpty()) {
            throw new KuradoException("redis address is empty");
        }
        if (t.startsWith("redis://") || t.startsWith("rediss://")) {
            return parseUri(t);
        }
        if (t.contains("://")) {
            throw new KuradoException("redis address must be host:port, redis://… or rediss://…, got scheme "
                    + t.substring(0, t.indexOf("://")));
        }
        String host = t;
        int port = DEFAULT_PORT;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new KuradoException("redis address '" + t + "': unclosed '['");
            }
            host = t.substring(1, close);
            if (close + 1 < t.length()) {
                if (t.charAt(close + 1) != ':') {
                    throw new KuradoException("redis address '" + t + "': expected ':' after ']'");
                }
                port = port(t.substring(close + 2), t);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = port(t.substring(t.indexOf(':') + 1), t);
        }
        return new RedisTarget(host, port, Optional.empty(), 0);
    }

    private static RedisTarget parseUri(String t) {
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new KuradoException("redis URI is not valid: " + redactText(t));
        }
        if (uri.getHost() == null) {
            throw new KuradoException("redis URI has no host: " + redactText(t));
        }
        Optional<String> username = Optional.empty();
        Optional<String> password = Optional.empty();
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon >= 0) {
                username = Optional.of(decode(info.substring(0, colon))).filter(u -> !u.isEmpty());
                password = Optional.of(decode(info.substring(colon + 1))).filter(p -> !p.isEmpty());
            } else {
                password = Optional.of(decode(info)).filter(p -> !p.isEmpty());
            }
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new KuradoException("redis URI database must be a number, got '" + path.substring(1) + "'");
            }
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new RedisTarget(host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), username, password, db,
                "rediss".equals(uri.getScheme()));
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int port(String p, String whole) {
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new KuradoException("redis address '" + whole + "': port must be a number, got '" + p + "'");
        }
    }

    /**
     * @param text an address or URI as a user wrote it
     * @return the same with any password replaced by {@code ***}
     */
    public static String redactText(String text) {
        return text.replaceAll("(rediss?://)([^@/]*)@", "$1***@");
    }

    /**
     * @param timeout the command timeout
     * @return the Lettuce URI
     */
    RedisURI toLettuce(Duration timeout) {
        RedisURI.Builder b = RedisURI.Builder.redis(host, port).withDatabase(database).withTimeout(timeout).withSsl(tls);
        if (password.isPresent()) {
            if (username.isPresent()) {
                b.withAuthentication(username.get(), password.get().toCharArray());
            } else {
                b.withPassword(password.get().toCharArray());
            }
        }
        return b.build();
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String auth = username.map(u -> u + ":***@").orElse(password.isPresent() ? "***@" : "");
        return (tls ? "rediss://" : "redis://") + auth + h + ":" + port + (database == 0 ? "" : "/" + database);
    }
}
