package io.kurado.core.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code from} and {@code to} parameters: {@code YYYY-MM-DD HH:MM[:SS]} (also with
 * {@code T} or {@code /}), a date alone, ISO-8601 with an offset, or epoch seconds. Times without a
 * zone are read in the server's zone, as the original did.
 */
public final class TimeParam {
    /** The format pages write: {@code YYYY-MM-DD HH:MM:SS}. */
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final List<DateTimeFormatter> LOCAL = List.of(
            FORMAT,
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm"));

    private TimeParam() {}

    /**
     * @param text the parameter value
     * @param zone the zone of times written without one
     * @return the instant, empty when the text is no time this class reads
     */
    public static Optional<Instant> parse(String text, ZoneId zone) {
        String s = text.strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.chars().allMatch(Character::isDigit) && s.length() >= 9 && s.length() <= 11) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(s)));
        }
        for (DateTimeFormatter f : LOCAL) {
            try {
                return Optional.of(LocalDateTime.parse(s, f).atZone(zone).toInstant());
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            // try a date alone
        }
        try {
            return Optional.of(LocalDate.parse(s).atStartOfDay(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * @param at an instant
     * @param zone the server's zone
     * @return it as pages write it
     */
    public static String format(Instant at, ZoneId zone) {
        return FORMAT.format(at.atZone(zone));
    }
}
