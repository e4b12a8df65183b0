package io.kurado.api;

import java.util.Objects;

/**
 * A monitored host as the configuration lists it: {@code "address [hostname [comments]]"}.
 *
 * @param address the address agents report and fetchers connect to; never empty
 * @param hostname the name shown in the UI; the address when the configuration gives none
 * @param comments free text shown beside the host; empty when none
 * @since 0.1
 */
public record Host(String address, String hostname, String comments) {
    /** Validates the fields. */
    public Host {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(comments, "comments");
        if (address.isEmpty()) {
            throw new IllegalArgumentException("address must not be empty");
        }
    }

    /**
     * A host known only by its address.
     *
     * @param address the address
     * @return a host whose hostname is its address
     */
    public static Host of(String address) {
        return new Host(address, address, "");
    }

    /**
     * Parses a host line of the configuration: address, then optional hostname, then optional
     * comments (which may contain spaces), separated by runs of white space.
     *
     * @param line the host line
     * @return the host
     * @throws IllegalArgumentException when the line has no address (empty or starting with a
     *     blank)
     */
    public static Host parse(String line) {
        Objects.requireNonNull(line, "line");
        String rest = line.strip().isEmpty() ? "" : line;
        int i = indexOfBlank(rest, 0);
        String address = rest.substring(0, i);
        if (address.isEmpty()) {
            throw new IllegalArgumentException("cannot find address in '" + line + "'");
        }
        int hs = skipBlanks(rest, i);
        int he = indexOfBlank(rest, hs);
        String hostname = rest.substring(hs, he);
        int cs = skipBlanks(rest, he);
        String comments = rest.substring(cs).stripTrailing();
        return new Host(address, hostname.isEmpty() ? address : hostname, comments);
    }

    private static int indexOfBlank(String s, int from) {
        int i = from;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
