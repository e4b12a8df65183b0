package io.kurado.rrd;

import io.kurado.api.Escaping;
import io.kurado.api.KuradoException;
import io.kurado.api.MetricKey;
import io.kurado.api.storage.SeriesRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a series lives on disk, in the original's layout:
 * {@code <data_dir>/<address>/<escaped plugin identifier>/<escaped metric key>.rrd}.
 *
 * <p>Every path segment is made safe before it is joined: {@code /}, {@code \\}, control
 * characters and NUL are percent-escaped, a segment of only dots is escaped so it cannot climb
 * out, and a segment too long for a file name is refused. The returned path is always inside the
 * data directory.
 *
 * <p>In the address, {@code %} is escaped too ({@code %25}), so that two addresses never share a
 * directory ({@code a/b} is {@code a%2Fb}, the address {@code a%2Fb} is {@code a%252Fb}). The
 * original used an address as it was, so for an address holding {@code %} whose escaped directory
 * does not exist, a directory of the address as it is, written by the original, is used when it
 * exists, unless that name is also the escaped name of another address.
 */
public final class RrdLayout {
    /** The longest segment, in UTF-8 bytes, that fits a file name on common file systems. */
    public static final int MAX_SEGMENT_BYTES = 240;

    private RrdLayout() {}

    /**
     * @param dataDir the data directory
     * @param series the series
     * @return the file of that series
     * @throws KuradoException when a name is too long to be a file name
     */
    public static Path file(Path dataDir, SeriesRef series) {
        return file(dataDir, series.address(), series.escapedPlugin(), series.key());
    }

    /**
     * @param dataDir the data directory
     * @param address the host address as the agent sent it
     * @param escapedPlugin the escaped plugin identifier, e.g. {@code http%3A80}
     * @param key the metric key
     * @return the file of that series
     * @throws KuradoException when a name is too long to be a file name
     */
    public static Path file(Path dataDir, String address, String escapedPlugin, MetricKey key) {
        return pluginDir(dataDir, address, escapedPlugin).resolve(fileName(key));
    }

    /**
     * @param dataDir the data directory
     * @param address the host address
     * @param escapedPlugin the escaped plugin identifier
     * @return the directory holding that plugin's files of that host
     */
    public static Path pluginDir(Path dataDir, String address, String escapedPlugin) {
        Path base = dataDir.toAbsolutePath().normalize();
        Path dir = base.resolve(addressDir(base, address)).resolve(segment(escapedPlugin, "plugin"));
        if (!dir.normalize().startsWith(base)) {
            throw new KuradoException("path for " + address + "/" + escapedPlugin + " leaves the data directory");
        }
        return dir;
    }

    /**
     * @param dataDir the data directory
     * @param address the host address
     * @return the directory holding every file of that host
     * @throws KuradoException when the address is too long to be a file name
     */
    public static Path hostDir(Path dataDir, String address) {
        Path base = dataDir.toAbsolutePath().normalize();
        Path dir = base.resolve(addressDir(base, address));
        if (!dir.normalize().startsWith(base) || dir.normalize().equals(base)) {
            throw new KuradoException("path for " + address + " leaves the data directory");
        }
        return dir;
    }

    /**
     * @param key the metric key
     * @return its file name, e.g. {@code cpu-user.derive.rrd}
     */
    public static String fileName(MetricKey key) {
        return segment(Escaping.escapeKey(key.toString()), "metric key") + ".rrd";
    }

    /**
     * @param base the data directory, absolute and normalised
     * @param address the host address
     * @return the name of the address's directory
     */
    private static String addressDir(Path base, String address) {
        String escaped = segment(address, "address", true);
        if (address.indexOf('%') < 0) {
            return escaped;
        }
        String original = segment(address, "address", false);
        if (Files.isDirectory(base.resolve(escaped)) || !Files.isDirectory(base.resolve(original))
                || isEscapedAddress(original)) {
            return escaped;
        }
        return original;
    }

    /** @return true when {@code name} is what {@link #addressDir} makes of some address */
    private static boolean isEscapedAddress(String name) {
        StringBuilder raw = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '%') {
                raw.append(c);
                continue;
            }
            if (i + 2 >= name.length() || HEX_DIGITS.indexOf(name.charAt(i + 1)) < 0
                    || HEX_DIGITS.indexOf(name.charAt(i + 2)) < 0) {
                return false;
            }
            raw.append((char) Integer.parseInt(name.substring(i + 1, i + 3), 16));
            i += 2;
        }
        try {
            return segment(raw.toString(), "address", true).equals(name);
        } catch (KuradoException e) {
            return false;
        }
    }

    private static final String HEX_DIGITS = "0123456789ABCDEF";

    /**
     * Makes one path segment safe.
     *
     * @param raw the segment as given
     * @param what what it names, for the error message
     * @return the segment, unchanged when it was already safe
     * @throws KuradoException when it is empty or too long
     */
    static String segment(String raw, String what) {
        return segment(raw, what, false);
    }

    private static String segment(String raw, String what, boolean escapePercent) {
        if (raw.isEmpty()) {
            throw new KuradoException(what + " must not be empty");
        }
        StringBuilder sb = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean bad = c == '/' || c == '\\' || c < 0x20 || c == 0x7f || (escapePercent && c == '%');
            if (bad && sb == null) {
                sb = new StringBuilder(raw.length() + 8).append(raw, 0, i);
            }
            if (sb != null) {
                if (bad) {
                    sb.append('%').append(String.format("%02X", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        String s = sb == null ? raw : sb.toString();
        if (s.chars().allMatch(ch -> ch == '.')) {
            s = "%2E".repeat(s.length());
        }
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SEGMENT_BYTES) {
            throw new KuradoException(what + " is too long for a file name (" + bytes + " bytes, at most "
                    + MAX_SEGMENT_BYTES + "): " + s.substring(0, 40) + "...");
        }
        return s;
    }
}
