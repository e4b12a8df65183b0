package io.kurado.core.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may see the web UI, and over what: the {@code web} mapping of {@code config}.
 *
 * <pre>{@code
 * web:
 *   allow: [10.0.0.0/8, 192.168.0.0/16]      # every other address gets 403
 *   basic_auth_users:                         # bcrypt hashes, as htpasswd -B writes them
 *     alice: $2y$05$SwEl.ayWUez1i063ZRuxM.tWCfVWlYT2nEoSVHV.tOLN//1vvZdGG
 *   trusted_proxy:                            # the user a proxy signed in, from these addresses only
 *     header: X-Forwarded-User
 *     from: [10.0.0.5/32]
 *   tls: {cert_file: tls/kurado.crt, key_file: tls/kurado.key}
 * }</pre>
 *
 * @param allow the address ranges that may connect; empty: every address
 * @param users bcrypt hashes by user name, for HTTP basic authentication; empty: none
 * @param trustedProxy the proxy whose header names the signed-in user
 * @param tls the certificate and key to serve HTTPS with
 */
public record WebAccess(List<Cidr> allow, Map<String, String> users, Optional<TrustedProxy> trustedProxy, Optional<TlsFiles> tls) {
    /** No rules: every address, no sign-in, plain HTTP (what the original did). */
    public static final WebAccess OPEN = new WebAccess(List.of(), Map.of(), Optional.empty(), Optional.empty());

    /** Validates the fields and copies the collections. */
    public WebAccess {
        allow = List.copyOf(allow);
        users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
        Objects.requireNonNull(trustedProxy, "trustedProxy");
        Objects.requireNonNull(tls, "tls");
    }

    /** @return whether a request must come from a listed address or be signed in */
    public boolean restricts() {
        return !allow.isEmpty() || !users.isEmpty() || trustedProxy.isPresent();
    }

    /**
     * @param tls the certificate and key to use, or empty for plain HTTP
     * @return a copy with other TLS files
     */
    public WebAccess withTls(Optional<TlsFiles> tls) {
        return new WebAccess(allow, users, trustedProxy, tls);
    }

    /** @return the rules with the users' names but not their hashes */
    @Override
    public String toString() {
        return "WebAccess[allow=" + allow + ", users=" + users.keySet() + ", trustedProxy=" + trustedProxy + ", tls=" + tls + "]";
    }

    /**
     * A reverse proxy that signs users in and names them in a header.
     *
     * @param header the request header naming the user, e.g. {@code X-Forwarded-User}
     * @param from the proxy's addresses; the header of any other address is ignored
     */
    public record TrustedProxy(String header, List<Cidr> from) {
        /** Validates the fields and copies the list. */
        public TrustedProxy {
            Objects.requireNonNull(header, "header");
            if (header.isBlank()) {
                throw new IllegalArgumentException("the trusted proxy's header must be named");
            }
            from = List.copyOf(from);
            if (from.isEmpty()) {
                throw new IllegalArgumentException("the trusted proxy's addresses must be listed");
            }
        }
    }

    /**
     * The PEM files of the web UI's HTTPS.
     *
     * @param certFile the certificate chain, the server's own first
     * @param keyFile its private key, PKCS#8 ({@code BEGIN PRIVATE KEY}), unencrypted
     */
    public record TlsFiles(Path certFile, Path keyFile) {
        /** Validates the fields. */
        public TlsFiles {
            Objects.requireNonNull(certFile, "certFile");
            Objects.requireNonNull(keyFile, "keyFile");
        }
    }
}
