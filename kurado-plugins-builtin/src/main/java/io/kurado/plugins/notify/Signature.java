package io.kurado.plugins.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook's body: {@value #HEADER}{@code : sha256=<hex>}, the HMAC-SHA256 of the
 * body's bytes with the receiver's {@code secret} (in UTF-8) as key, in lower-case hex. A receiver
 * computes the same over the body it got and compares the two in constant time.
 */
final class Signature {
    /** The header that carries it. */
    static final String HEADER = "X-Kurado-Signature";

    private Signature() {}

    /**
     * @param secret the shared secret
     * @param body the request's body
     * @return the header's value, {@code sha256=} and 64 hex digits
     */
    static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
