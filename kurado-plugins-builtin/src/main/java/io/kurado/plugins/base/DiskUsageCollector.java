package io.kurado.plugins.base;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Disk usage of every block device mounted on a directory (lines {@code /dev/<dev> /<mount> …} of
 * {@code /proc/mounts}, except {@code /boot}), in 1K blocks as {@code df} shows them: per device
 * D (sanitised, {@code mapper/vg-root} → {@code mapper_vg-root})
 * {@code disk-usage-D-used.gauge}, {@code disk-usage-D-available.gauge}, meta
 * {@code disk-usage-D-mount}; and meta {@code disk-usage-devices}, the devices in mount order.
 *
 * <p>A device mounted more than once (bind mounts, as in containers) is listed once, with its
 * first mount point. A mount point that cannot be measured is left out and reported as this
 * collector's warning; the others are still sent.
 *
 * @since 0.1
 */
public final class DiskUsageCollector implements MetricCollector {
    private final DiskUsageSource source;

    /** @param source measures a mount point */
    public DiskUsageCollector(DiskUsageSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public String name() {
        return "disk_usage";
    }

    @Override
    public void collect(SystemRoot system, BaseMetrics out) {
        Map<String, String> mountByDevice = new LinkedHashMap<>();
        for (String line : system.lines("/proc/mounts")) {
            parseMount(line).ifPresent(m -> mountByDevice.putIfAbsent(Fields.sanitise(m[0]), m[1]));
        }
        List<String> devices = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, String> e : mountByDevice.entrySet()) {
            String device = e.getKey();
            String mount = e.getValue();
            DiskUsage usage;
            try {
                usage = source.usage(mount);
            } catch (IOException | RuntimeException ex) {
                failed.add(mount + " (" + ex.getMessage() + ")");
                continue;
            }
            out.metric("disk-usage-" + device + "-used.gauge", usage.usedKiB());
            out.metric("disk-usage-" + device + "-available.gauge", usage.availableKiB());
            out.meta("disk-usage-" + device + "-mount", mount);
            devices.add(device);
        }
        if (!devices.isEmpty()) {
            out.meta("disk-usage-devices", String.join(",", devices));
        }
        if (!failed.isEmpty()) {
            throw new CollectorException("cannot measure " + String.join(", ", failed));
        }
    }

    /**
     * @param line a line of {@code /proc/mounts}
     * @return the device (after {@code /dev/}) and the mount point, when the line mounts a block
     *     device on a directory other than {@code /boot}
     */
    static java.util.Optional<String[]> parseMount(String line) {
        if (!line.startsWith("/dev/")) {
            return java.util.Optional.empty();
        }
        int sep = line.indexOf(" /", 6);
        if (sep < 0) {
            return java.util.Optional.empty();
        }
        int end = line.indexOf(' ', sep + 1);
        if (end < 0) {
            return java.util.Optional.empty();
        }
        String device = line.substring(5, sep);
        String mount = unescapeOctal(line.substring(sep + 1, end));
        if (mount.equals("/boot")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new String[] {device, mount});
    }

    /** Decodes the kernel's octal escapes in mount points ({@code \040} is a space). */
    static String unescapeOctal(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
