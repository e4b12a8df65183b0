package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.config.Cidr;
import io.kurado.core.config.WebAccess;
import io.kurado.core.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may see the UI: allowed ranges, basic authentication with htpasswd's bcrypt, a trusted proxy, failed sign-ins. */
class AccessRulesTest {
    /** Made by Debian's apache2-utils: {@code htpasswd -nbB alice 'correct horse'}. */
    private static final String ALICE = "$2y$05$SwEl.ayWUez1i063ZRuxM.tWCfVWlYT2nEoSVHV.tOLN//1vvZdGG";
    /** Made by Debian's apache2-utils: {@code htpasswd -nbB -C 5 bob 's3cret'}. */
    private static final String BOB = "$2y$05$1P3MidxEeNg/zmY0bl2lK.jzoq8u5af5QiGYnQGN5B8dcb.S4i1Au";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));

    private static InetAddress ip(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static WebRequest get(String path, String from, Map<String, String> headers) {
        return WebRequest.of("GET", path, headers).withPeer(ip(from));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int status(AccessRules rules, WebRequest req) {
        return rules.refusal(req).map(WebResponse::status).orElse(200);
    }

    @Test
    void anAddressOutsideTheAllowedRangesGets403EvenWithAGoodPassword() throws Exception {
        AccessRules rules = new AccessRules(new WebAccess(List.of(Cidr.parse("10.0.0.0/8")), Map.of("alice", ALICE), Optional.empty(),
                Optional.empty()), clock);

        assertThat(status(rules, get("/", "192.0.2.1", Map.of("Authorization", basic("alice", "correct horse"))))).isEqualTo(403);
        assertThat(status(rules, WebRequest.get("/"))).as("no address known").isEqualTo(403);
        assertThat(status(rules, get("/", "10.1.2.3", Map.of("Authorization", basic("alice", "correct horse"))))).isEqualTo(200);
    }

    @Test
    void htpasswdHashesVerifyAndAMissingOrWrongPasswordGets401WithAChallenge() throws Exception {
        AccessRules rules = new AccessRules(new WebAccess(List.of(), Map.of("alice", ALICE, "bob", BOB), Optional.empty(), Optional.empty()),
                clock);

        assertThat(status(rules, get("/", "10.0.0.1", Map.of("Authorization", basic("alice", "correct horse"))))).isEqualTo(200);
        assertThat(status(rules, get("/graph", "10.0.0.1", Map.of("Authorization", basic("bob", "s3cret"))))).isEqualTo(200);
        WebResponse none = rules.refusal(get("/api/servers", "10.0.0.1", Map.of())).orElseThrow();
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers()).containsEntry("WWW-Authenticate", "Basic realm=\"Kurado\", charset=\"UTF-8\"");
        String log = stderrOf(() -> {
            assertThat(status(rules, get("/", "10.0.0.1", Map.of("Authorization", basic("alice", "Correct horse"))))).isEqualTo(401);
            assertThat(status(rules, get("/", "10.0.0.1", Map.of("Authorization", basic("mallory", "correct horse"))))).isEqualTo(401);
        });
        assertThat(log).contains("as 'alice' from 10.0.0.1").contains("as 'mallory' from 10.0.0.1").doesNotContain("horse");
        assertThat(status(rules, get("/", "10.0.0.1", Map.of("Authorization", "Basic !!!")))).isEqualTo(401);
    }

    @Test
    void theHealthChecksAnswerEveryone() throws Exception {
        AccessRules rules = new AccessRules(new WebAccess(List.of(Cidr.parse("10.0.0.0/8")), Map.of("alice", ALICE), Optional.empty(),
                Optional.empty()), clock);

        assertThat(status(rules, get("/-/healthy", "192.0.2.1", Map.of()))).isEqualTo(200);
        assertThat(status(rules, get("/-/ready", "192.0.2.1", Map.of()))).isEqualTo(200);
        assertThat(status(rules, get("/-/reload", "10.0.0.1", Map.of()))).isEqualTo(401);
    }

    @Test
    void fiveFailuresFromOneAddressInAMinuteGet429UntilTheOldestIsAMinuteOldAndAreLoggedWithoutThePassword() throws Exception {
        AccessRules rules = new AccessRules(new WebAccess(List.of(), Map.of("alice", ALICE), Optional.empty(), Optional.empty()), clock);
        String log = stderrOf(() -> {
            for (int i = 0; i < AccessRules.MAX_FAILURES; i++) {
                assertThat(status(rules, get("/", "10.0.0.9", Map.of("Authorization", basic("alice", "guess-" + i))))).isEqualTo(401);
                clock.advance(Duration.ofSeconds(5));
            }
        });
        assertThat(log).contains("failed sign-in as 'alice' from 10.0.0.9").doesNotContain("guess-");

        WebResponse limited = rules.refusal(get("/", "10.0.0.9", Map.of("Authorization", basic("alice", "correct horse")))).orElseThrow();
        assertThat(limited.status()).as("even the right password waits").isEqualTo(429);
        assertThat(limited.headers()).containsEntry("Retry-After", "35");
        assertThat(status(rules, get("/", "10.0.0.10", Map.of("Authorization", basic("alice", "correct horse")))))
                .as("another address").isEqualTo(200);

        clock.advance(Duration.ofSeconds(35));
        assertThat(status(rules, get("/", "10.0.0.9", Map.of("Authorization", basic("alice", "correct horse"))))).isEqualTo(200);
    }

    @Test
    void theProxysHeaderIsBelievedFromTheProxyOnly() throws Exception {
        WebAccess.TrustedProxy proxy = new WebAccess.TrustedProxy("X-Forwarded-User", List.of(Cidr.parse("10.0.0.5")));
        AccessRules withUsers = new AccessRules(new WebAccess(List.of(), Map.of("alice", ALICE), Optional.of(proxy), Optional.empty()),
                clock);
        AccessRules proxyOnly = new AccessRules(new WebAccess(List.of(), Map.of(), Optional.of(proxy), Optional.empty()), clock);

        assertThat(status(withUsers, get("/", "10.0.0.5", Map.of("X-Forwarded-User", "carol")))).isEqualTo(200);
        assertThat(status(withUsers, get("/", "10.0.0.6", Map.of("X-Forwarded-User", "carol")))).isEqualTo(401);
        assertThat(status(withUsers, get("/", "10.0.0.5", Map.of()))).as("the proxy without the header").isEqualTo(401);
        assertThat(status(proxyOnly, get("/", "10.0.0.5", Map.of("X-Forwarded-User", "carol")))).isEqualTo(200);
        assertThat(status(proxyOnly, get("/", "10.0.0.6", Map.of("X-Forwarded-User", "carol")))).isEqualTo(403);
    }

    @Test
    void noRulesLetEveryoneInAsTheOriginalDid() throws Exception {
        assertThat(status(new AccessRules(WebAccess.OPEN, clock), WebRequest.get("/graph"))).isEqualTo(200);
    }

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
