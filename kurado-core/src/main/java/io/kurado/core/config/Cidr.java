package io.kurado.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A range of IP addresses written as {@code address/bits} ({@code 10.0.0.0/8}, {@code fd00::/8}), or
 * one address ({@code 192.0.2.7}, taken as {@code /32} or {@code /128}). An IPv4 range also holds the
 * IPv4-mapped IPv6 form of its addresses ({@code ::ffff:10.1.2.3}).
 *
 * @param network the range's first address bytes (4 or 16), host bits cleared
 * @param bits the prefix length
 */
public record Cidr(byte[] network, int bits) {
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Validates the fields and copies the bytes. */
    public Cidr {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + network.length);
        }
        if (bits < 0 || bits > network.length * 8) {
            throw new IllegalArgumentException("prefix length " + bits + " is out of range");
        }
        network = mask(network, bits);
    }

    /**
     * @param text {@code address/bits} or an address, IPv4 or IPv6, without names
     * @return the range
     * @throws IllegalArgumentException in words, when the text is not such a range
     */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        boolean v4 = V4.matcher(addr).matches();
        if (!v4 && !V6.matcher(addr).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an address range such as 10.0.0.0/8 or fd00::/8");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress(); // a literal: no name is looked up
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address range such as 10.0.0.0/8 or fd00::/8");
        }
        if (v4 && bytes.length != 4) {
            throw new IllegalArgumentException("'" + addr + "' in '" + text + "' is not an IPv4 address");
        }
        int max = bytes.length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("the prefix length of '" + text + "' must be a number from 0 to " + max);
            }
        }
        if (!Arrays.equals(mask(bytes, bits), bytes)) {
            throw new IllegalArgumentException("'" + text + "' has bits set after its prefix; did you mean "
                    + new Cidr(bytes, bits) + "?");
        }
        return new Cidr(bytes, bits);
    }

    /** @return a copy of the range's first address bytes */
    @Override
    public byte[] network() {
        return network.clone();
    }

    /**
     * @param address a client's address
     * @return whether it is in the range
     */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16 && network.length == 4 && isMappedV4(a)) {
            a = Arrays.copyOfRange(a, 12, 16);
        }
        return a.length == network.length && Arrays.equals(mask(a, bits), network);
    }

    private static boolean isMappedV4(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] address, int bits) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.bits == bits && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bits, Arrays.hashCode(network));
    }

    /** @return {@code address/bits} */
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
