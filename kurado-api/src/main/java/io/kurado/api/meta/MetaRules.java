package io.kurado.api.meta;

import io.kurado.api.Warning;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The expiries and value formats every {@link MetaStore} shares, as the original defined them.
 *
 * @since 0.1
 */
public final class MetaRules {
    /** How long a meta value lives. */
    public static final Duration META_TTL = Duration.ofHours(1);
    /** How long a warning lives. */
    public static final Duration WARNING_TTL = Duration.ofMinutes(5);
    /** How long a last-received time lives. */
    public static final Duration LAST_RECEIVED_TTL = Duration.ofDays(365);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private MetaRules() {}

    /**
     * @param warning a warning
     * @param zone the server's time zone
     * @return the stored text: {@code YYYY-MM-DDTHH:MM:SS message}, the line's time in that zone
     */
    public static String warningText(Warning warning, ZoneId zone) {
        return STAMP.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(warning.timestamp()), zone)) + " "
                + warning.message();
    }
}
