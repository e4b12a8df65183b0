package io.kurado.core.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What is wrong, or probably wrong, with the address of a host line. The original takes any
 * address as it is; an address that can never be reached is an error here, and a bare name, which
 * is most often a host name written where the address belongs, is accepted with a warning.
 */
final class HostAddresses {
    private static final Pattern NUMBERS_AND_DOTS = Pattern.compile("[0-9.]+");

    private HostAddresses() {}

    /**
     * @param address the first word of a host line
     * @return why it cannot be an address: digits and dots that are not an IPv4 address
     */
    static Optional<String> error(String address) {
        if (!NUMBERS_AND_DOTS.matcher(address).matches()) {
            return Optional.empty();
        }
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.of("host address '" + address + "' is not an IPv4 address: it needs four numbers separated by dots");
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                return Optional.of("host address '" + address + "' is not an IPv4 address: each of its four numbers must be from 0 to 255");
            }
        }
        return Optional.empty();
    }

    /**
     * @param address the first word of a host line
     * @return why it is probably not what was meant: a bare name (no dot, no colon) other than {@code localhost}
     */
    static Optional<String> warning(String address) {
        if (address.indexOf('.') >= 0 || address.indexOf(':') >= 0 || address.equals("localhost")
                || NUMBERS_AND_DOTS.matcher(address).matches()) {
            return Optional.empty();
        }
        return Optional.of("host address '" + address + "' is a bare name, not an IP address: if it is the host name, put the"
                + " address before it (\"192.0.2.10 " + address + "\"); agents report their hosts by IP address, so a host"
                + " listed by name gets no agent data (fetchers look the name up)");
    }
}
