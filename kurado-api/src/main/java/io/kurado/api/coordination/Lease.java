package io.kurado.api.coordination;

import java.time.Instant;
import java.util.Objects;

/**
 * A lease held: the right to act under a name until it expires, unless renewed first.
 *
 * @param name what the lease is for (e.g. {@code kurado-scheduler:29412345})
 * @param owner who holds it (a node name), for people and logs
 * @param token what tells this acquisition from every other one of the same name and owner, so
 *     that a lease that expired and was taken again is not renewed or released by its old holder
 * @param expires when it lapses by the acquirer's clock, unless renewed
 * @since 0.1
 */
public record Lease(String name, String owner, String token, Instant expires) {
    /** Checks the parts. */
    public Lease {
        requireText(name, "name");
        requireText(owner, "owner");
        requireText(token, "token");
        Objects.requireNonNull(expires, "expires");
    }

    private static void requireText(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /**
     * @param until the new expiry
     * @return this lease with another expiry
     */
    public Lease withExpiry(Instant until) {
        return new Lease(name, owner, token, until);
    }
}
