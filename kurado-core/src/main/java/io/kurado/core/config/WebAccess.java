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
 *   peer_auth: {user: alice, password: the-password}   # how this node signs in to the others
 * }</pre>
 *
 * @param allow the address ranges that may connect; empty: every address
 * @param users bcrypt hashes by user name, for HTTP basic authentication; empty: none
 * @param trustedProxy the proxy whose header names the signed-in user
 * @param tls the certificate and key to serve HTTPS with
 * @param peerAuth the user and password this node signs in with when it reads from another node's
 *     web UI (several servers); empty: it does not sign in
 */
public record WebAccess(List<Cidr> allow, Map<String, String> users, Optional<TrustedProxy> trustedProxy, Optional<TlsFiles> tls,
        Optional<PeerAuth> peerAuth) {
    /** No rules: every address, no sign-in, plain HTTP (what the original did). */
    public static final WebAccess OPEN = new WebAccess(List.of(), Map.of(), Optional.empty(), Optional.empty());

    /**
     * Rules of a node that does not sign in to other nodes.
     *
     * @param allow the address ranges that may connect; empty: every address
     * @param users bcrypt hashes by user name, for HTTP basic authentication; empty: none
     * @param trustedProxy the proxy whose header names the signed-in user
     * @param tls the certificate and key to serve HTTPS with
     */
    public WebAccess(List<Cidr> allow, Map<String, String> users, Optional<TrustedProxy> trustedProxy, Optional<TlsFiles> tls) {
        this(allow, users, trustedProxy, tls, Optional.empty());
    }

    /** Validates the fields and copies the collections. */
    public WebAccess {
        allow = List.copyOf(allow);
        users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
        Objects.requireNonNull(trustedProxy, "trustedProxy");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(peerAuth, "peerAuth");
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
        return new WebAccess(allow, users, trustedProxy, tls, peerAuth);
    }

    /** @return the rules with the users' names but not their hashes */
    @Override
    public String toString() {
        return "WebAccess[allow=" + allow + ", users=" + users.keySet() + ", trustedProxy=" + trustedProxy + ", tls=" + tls + ", peerAuth=" + peerAuth + "]";
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

    /**
     * How a node signs in (HTTP basic authentication) when it asks another node's web UI for a
     * host's series, graphs or files.
     *
     * @param user a user name the other nodes' {@code basic_auth_users} hold
     * @param password its password, in clear
     */
    public record PeerAuth(String user, String password) {
        /** Validates the fields. */
        public PeerAuth {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.isEmpty() || user.contains(":")) {
                throw new IllegalArgumentException("the peer user name must be non-empty and without ':'");
            }
        }

        /** @return the value of an {@code Authorization} header */
        public String header() {
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /** @return the user, never the password */
        @Override
        public String toString() {
            return "PeerAuth[user=" + user + "]";
        }
    }
}
