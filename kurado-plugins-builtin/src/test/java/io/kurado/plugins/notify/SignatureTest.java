package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureTest {
    @Test
    void isTheHmacSha256OfTheBodyInHex() {
        // RFC 4231, test case 2
        assertThat(Signature.of("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void dependsOnEveryByteOfTheBodyAndOnTheSecret() {
        byte[] body = WebhookPayload.json(SampleNotifications.sample());
        byte[] changed = body.clone();
        changed[changed.length - 2] ^= 1;

        assertThat(Signature.of("s3cret", body)).isNotEqualTo(Signature.of("s3cret", changed)).isNotEqualTo(Signature.of("s3cre7", body))
                .matches("sha256=[0-9a-f]{64}");
    }
}
