package io.kurado.core.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.kurado.core.config.Cidr;
import io.kurado.core.config.WebAccess;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request may be answered, by the rules of {@link WebAccess}, in this order:
 *
 * <ol>
 *   <li>a client outside {@code allow} gets 403;
 *   <li>a request from a {@code trusted_proxy} address that carries its header is signed in as the
 *       user the header names; the header from any other address is ignored;
 *   <li>with {@code basic_auth_users}, a request without a known user and its password gets 401 and
 *       a {@code WWW-Authenticate: Basic} challenge; with only {@code trusted_proxy}, it gets 403.
 * </ol>
 *
 * <p>A client address that failed to sign in {@value #MAX_FAILURES} times within a minute gets 429,
 * with {@code Retry-After}, for every sign-in until the oldest of those failures is a minute old;
 * its passwords are not even checked meanwhile. Each failure is logged with the user name and the
 * address, never the password. A password once verified is remembered by a salted digest, so that
 * the pages of a signed-in user do not each pay for bcrypt.
 */
public final class AccessRules {
    private static final Logger log = LoggerFactory.getLogger(AccessRules.class);
    /** Failed sign-ins from one address within {@link #WINDOW} before it gets 429. */
    public static final int MAX_FAILURES = 5;
    /** The window in which failures are counted. */
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** Paths every client may ask for, signed in or not. */
    public static final Set<String> OPEN_PATHS = Set.of("/-/healthy", "/-/ready");
    private static final int MAX_TRACKED = 10_000;
    private static final int MAX_REMEMBERED = 1_000;
    /** Verified against when the user is unknown, so that an unknown user takes as long as a wrong password. */
    private static final String DUMMY = "$2y$05$SwEl.ayWUez1i063ZRuxM.tWCfVWlYT2nEoSVHV.tOLN//1vvZdGG";

    private final WebAccess access;
    private final InstantSource clock;
    private final Map<InetAddress, Deque<Instant>> failures = new HashMap<>();
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();
    private final byte[] salt = new byte[16];

    /**
     * @param access the rules
     * @param clock the clock failed sign-ins are counted by
     */
    public AccessRules(WebAccess access, InstantSource clock) {
        this.access = access;
        this.clock = clock;
        new java.security.SecureRandom().nextBytes(salt);
    }

    /** @return the rules applied */
    public WebAccess access() {
        return access;
    }

    /**
     * @param req a request, with the client's address when it is known
     * @return the refusal to answer instead, or empty when the request may be served
     */
    public Optional<WebResponse> refusal(WebRequest req) {
        if (!access.restricts() || OPEN_PATHS.contains(req.path())) {
            return Optional.empty();
        }
        Optional<InetAddress> peer = req.peer();
        if (!access.allow().isEmpty() && (peer.isEmpty() || !in(access.allow(), peer.get()))) {
            return Optional.of(WebResponse.text(403, "forbidden: "
                    + peer.map(InetAddress::getHostAddress).orElse("an unknown address") + " may not see this server"));
        }
        if (access.trustedProxy().isPresent()) {
            WebAccess.TrustedProxy proxy = access.trustedProxy().get();
            Optional<String> user = req.header(proxy.header()).map(String::strip).filter(u -> !u.isEmpty());
            if (user.isPresent() && peer.isPresent() && in(proxy.from(), peer.get())) {
                return Optional.empty();
            }
        }
        if (access.users().isEmpty()) {
            if (access.trustedProxy().isPresent()) {
                return Optional.of(WebResponse.text(403, "forbidden: sign in through the proxy in front of this server"));
            }
            return Optional.empty();
        }
        return basic(req, peer);
    }

    private Optional<WebResponse> basic(WebRequest req, Optional<InetAddress> peer) {
        Optional<String> auth = req.header("Authorization").filter(a -> a.regionMatches(true, 0, "Basic ", 0, 6));
        if (auth.isEmpty()) {
            return Optional.of(challenge("sign in to see this server"));
        }
        String user;
        String password;
        try {
            String pair = new String(Base64.getDecoder().decode(auth.get().substring(6).strip()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon < 0) {
                return Optional.of(challenge("malformed credentials"));
            }
            user = pair.substring(0, colon);
            password = pair.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return Optional.of(challenge("malformed credentials"));
        }
        InetAddress from = peer.orElse(InetAddress.getLoopbackAddress());
        Optional<Duration> wait = blocked(from);
        if (wait.isPresent()) {
            return Optional.of(WebResponse.text(429, "too many failed sign-ins from " + from.getHostAddress() + "; try again in "
                    + wait.get().toSeconds() + " s").withHeader("Retry-After", Long.toString(wait.get().toSeconds())));
        }
        if (check(user, password)) {
            return Optional.empty();
        }
        fail(from, user);
        return Optional.of(challenge("wrong user or password"));
    }

    private boolean check(String user, String password) {
        String hash = access.users().get(user);
        String key = digest(user, password, hash == null ? DUMMY : hash);
        if (hash != null && verified.containsKey(key)) {
            return true;
        }
        boolean ok;
        try {
            ok = BCrypt.verifyer().verify(password.toCharArray(), (hash == null ? DUMMY : hash).toCharArray()).verified;
        } catch (IllegalArgumentException e) {
            ok = false; // e.g. a password over bcrypt's 72 bytes
        }
        if (ok && hash != null) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(key, Boolean.TRUE);
            return true;
        }
        return false;
    }

    private String digest(String user, String password, String hash) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            for (String s : List.of(user, password, hash)) {
                d.update(s.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized Optional<Duration> blocked(InetAddress from) {
        Deque<Instant> f = failures.get(from);
        if (f == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        while (!f.isEmpty() && !f.peekFirst().plus(WINDOW).isAfter(now)) {
            f.pollFirst();
        }
        if (f.isEmpty()) {
            failures.remove(from);
            return Optional.empty();
        }
        if (f.size() < MAX_FAILURES) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, f.peekFirst().plus(WINDOW));
        return Optional.of(left.getNano() > 0 ? left.plusSeconds(1).withNanos(0) : left);
    }

    private synchronized void fail(InetAddress from, String user) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED && !failures.containsKey(from)) {
            failures.values().removeIf(f -> f.isEmpty() || !f.peekLast().plus(WINDOW).isAfter(now));
            if (failures.size() >= MAX_TRACKED) {
                failures.clear();
            }
        }
        Deque<Instant> f = failures.computeIfAbsent(from, a -> new ArrayDeque<>());
        f.addLast(now);
        while (f.size() > MAX_FAILURES) {
            f.pollFirst();
        }
        String who = printable(user);
        if (f.size() == MAX_FAILURES) {
            log.warn("Web UI: failed sign-in as '{}' from {}; {} failures within {} s, so sign-ins from {} are refused (429) for a while",
                    who, from.getHostAddress(), MAX_FAILURES, WINDOW.toSeconds(), from.getHostAddress());
        } else {
            log.warn("Web UI: failed sign-in as '{}' from {}", who, from.getHostAddress());
        }
    }

    private static String printable(String user) {
        StringBuilder b = new StringBuilder();
        user.codePoints().limit(64).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    private static boolean in(List<Cidr> ranges, InetAddress a) {
        for (Cidr c : ranges) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static WebResponse challenge(String why) {
        return WebResponse.text(401, "unauthorized: " + why).withHeader("WWW-Authenticate", "Basic realm=\"Kurado\", charset=\"UTF-8\"");
    }
}
