package io.kurado.core.cluster;

import io.kurado.core.config.WebAccess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Asks other nodes' web UIs for what they hold, with short deadlines: a node that does not accept
 * the connection within {@link #CONNECT} or answer within {@link #READ} is taken as down, so that a
 * page waits seconds, never minutes, for a node that died.
 *
 * <p>It signs in as {@code web.peer_auth} says, and over HTTPS trusts the certificates the JVM
 * trusts and those of this node's own {@code web.tls.cert_file} (nodes sharing one certificate,
 * or certificates of one private authority whose certificate ends that file's chain). Both are read
 * from the access rules in force at each request, so a reload applies to the next one.
 */
public final class PeerClient {
    /** How long a node may take to accept a connection. */
    public static final Duration CONNECT = Duration.ofSeconds(1);
    /** How long a node may take to answer once connected. */
    public static final Duration READ = Duration.ofSeconds(3);
    /** The header a node sets on a request it passes to another, so that the other answers it itself. */
    public static final String FORWARDED_BY = "X-Kurado-Forwarded-By";

    private final Supplier<WebAccess> access;
    private final Duration connect;
    private final Duration read;
    private volatile Client client;

    /**
     * @param access the access rules in force: their {@code peer_auth} and TLS certificate
     * @param connect how long a node may take to accept a connection
     * @param read how long it may take to answer
     */
    public PeerClient(Supplier<WebAccess> access, Duration connect, Duration read) {
        this.access = Objects.requireNonNull(access, "access");
        this.connect = Objects.requireNonNull(connect, "connect");
        this.read = Objects.requireNonNull(read, "read");
    }

    /**
     * @param access the access rules in force
     * @return a client with the default deadlines ({@link #CONNECT}, {@link #READ})
     */
    public static PeerClient of(Supplier<WebAccess> access) {
        return new PeerClient(access, CONNECT, READ);
    }

    /** @return a client that does not sign in and trusts what the JVM trusts, with the default deadlines */
    public static PeerClient open() {
        return of(() -> WebAccess.OPEN);
    }

    /** @return how long a node may take to answer once connected */
    public Duration readTimeout() {
        return read;
    }

    /**
     * An answer of another node.
     *
     * @param status the HTTP status
     * @param headers the headers, by lower-case name (the first value of each)
     * @param body the body
     */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        /** Copies the headers. */
        public Answer {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        /**
         * @param name a header, lower case
         * @return its value
         */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        /** @return the body as UTF-8 text */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Asks a node, waiting at most the client's deadlines.
     *
     * @param peer the node
     * @param pathAndQuery what to ask, e.g. {@code /-/series/last?address=10.0.0.1&...}
     * @param headers headers to send (the sign-in is added)
     * @return its answer, whatever its status
     * @throws PeerException when the node cannot be reached or does not answer in time
     */
    public Answer get(Peer peer, String pathAndQuery, Map<String, String> headers) {
        return get(peer.nodeId(), peer.advertiseUrl(), pathAndQuery, headers, read);
    }

    /**
     * Asks a node, waiting at most {@code wait} for the whole answer.
     *
     * @param nodeId the node's id, for messages
     * @param base where its web UI answers
     * @param pathAndQuery what to ask
     * @param headers headers to send (the sign-in is added)
     * @param wait how long the answer may take once connected
     * @return its answer, whatever its status
     * @throws PeerException when the node cannot be reached or does not answer in time
     */
    public Answer get(String nodeId, URI base, String pathAndQuery, Map<String, String> headers, Duration wait) {
        HttpRequest req = request(base, pathAndQuery, headers, wait);
        Future<HttpResponse<byte[]>> f = client().http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> r = f.get(connect.plus(wait).toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(r.statusCode(), firstValues(r), r.body());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new PeerException(nodeId, base, "did not answer within " + seconds(connect.plus(wait)), e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new PeerException(nodeId, base, "was not waited for (interrupted)", e);
        } catch (ExecutionException e) {
            throw new PeerException(nodeId, base, reason(e.getCause()), e.getCause());
        }
    }

    /**
     * Asks a node for a long answer, read as it arrives; the deadline covers its first byte.
     *
     * @param nodeId the node's id, for messages
     * @param base where its web UI answers
     * @param pathAndQuery what to ask
     * @param wait how long the node may take to start answering
     * @return the status and the body to read (close it)
     * @throws PeerException when the node cannot be reached or does not start answering in time
     */
    public HttpResponse<InputStream> stream(String nodeId, URI base, String pathAndQuery, Duration wait) {
        HttpRequest req = request(base, pathAndQuery, Map.of(), wait);
        try {
            return client().http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(nodeId, base, "was not waited for (interrupted)", e);
        } catch (IOException e) {
            throw new PeerException(nodeId, base, reason(e), e);
        }
    }

    /**
     * @param params names and values, in order
     * @return them as a query string, each value escaped
     */
    public static String query(String... params) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < params.length; i += 2) {
            sb.append(sb.length() == 0 ? "?" : "&").append(URLEncoder.encode(params[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /**
     * Says why a node's answer to a request about a host is no answer, and what to do about it.
     *
     * @param peer the node
     * @param a its answer
     * @param address the host asked about
     * @return one sentence naming the node
     */
    public static String refusal(Peer peer, Answer a, String address) {
        String who = "node " + peer.nodeId() + " (" + peer.advertiseUrl() + ")";
        return switch (a.status()) {
            case 421 -> who + " does not hold " + address + " (its shard map differs)";
            case 401 -> who + " asks to sign in: set web.peer_auth to a user of its web.basic_auth_users";
            case 403 -> who + " refused this node: add this node's address to its web.allow";
            case 404 -> who + " has no page for other nodes (an older version?)";
            default -> who + " answered " + a.status() + ": " + firstLine(a.text());
        };
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl);
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    private HttpRequest request(URI base, String pathAndQuery, Map<String, String> headers, Duration wait) {
        String root = base.toString();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + pathAndQuery)).timeout(wait).GET();
        headers.forEach(b::header);
        access.get().peerAuth().ifPresent(a -> b.header("Authorization", a.header()));
        return b.build();
    }

    private static Map<String, String> firstValues(HttpResponse<?> r) {
        Map<String, String> h = new java.util.HashMap<>();
        r.headers().map().forEach((k, v) -> {
            if (!v.isEmpty()) {
                h.put(k.toLowerCase(Locale.ROOT), v.get(0));
            }
        });
        return h;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private String reason(Throwable e) {
        if (e instanceof HttpTimeoutException) {
            return e instanceof java.net.http.HttpConnectTimeoutException ? "did not accept a connection within " + seconds(connect)
                    : "did not answer within " + seconds(read);
        }
        if (e instanceof java.net.ConnectException) {
            return "refused the connection";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "failed the TLS handshake (" + e.getMessage() + ")";
        }
        String m = e.getMessage();
        return "could not be read (" + (m == null ? e.getClass().getSimpleName() : m) + ")";
    }

    private Client client() {
        Optional<Path> cert = access.get().tls().map(WebAccess.TlsFiles::certFile);
        Client c = client;
        if (c == null || !c.cert.equals(cert)) {
            synchronized (this) {
                c = client;
                if (c == null || !c.cert.equals(cert)) {
                    c = new Client(cert, HttpClient.newBuilder().connectTimeout(connect).version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER).sslContext(ssl(cert)).build());
                    client = c;
                }
            }
        }
        return c;
    }

    private record Client(Optional<Path> cert, HttpClient http) {}

    /** The JVM's trust, plus every certificate of this node's own chain. */
    private static SSLContext ssl(Optional<Path> certFile) {
        try {
            TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jvm.init((KeyStore) null);
            List<X509TrustManager> managers = new ArrayList<>();
            for (TrustManager m : jvm.getTrustManagers()) {
                if (m instanceof X509TrustManager x) {
                    managers.add(x);
                }
            }
            if (certFile.isPresent()) {
                KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
                own.load(null, null);
                int i = 0;
                try (InputStream in = Files.newInputStream(certFile.get())) {
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        own.setCertificateEntry("own-" + i++, c);
                    }
                }
                TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                f.init(own);
                for (TrustManager m : f.getTrustManagers()) {
                    if (m instanceof X509TrustManager x) {
                        managers.add(x);
                    }
                }
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AnyOf(managers)}, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new io.kurado.api.KuradoException("cannot set up TLS to other nodes: " + e.getMessage(), e);
        }
    }

    /** Trusts a chain that one of its managers trusts. */
    private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a node does not check clients' certificates");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException last = new CertificateException("no trusted certificate");
            for (X509TrustManager m : managers) {
                try {
                    m.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            throw last;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream().flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers())).toArray(X509Certificate[]::new);
        }
    }
}
