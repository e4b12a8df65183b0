package io.kurado.plugins.base;

import java.util.ArrayList;
import java.util.List;

/**
 * Disk I/O of every block device in {@code /sys/block} except {@code loopN} and {@code ramN}, and
 * except devices that have never read nor written: per device D (device-mapper devices named
 * {@code mapper/<name>}, then sanitised) {@code disk-io-D-read-ios}, {@code -read-sectors},
 * {@code -write-ios}, {@code -write-sectors}, all derive; meta {@code disk-io-devices}, the
 * devices in name order. A device-mapper device without a name is left out and reported as this
 * collector's warning.
 *
 * @since 0.1
 */
public final class DiskIoCollector implements MetricCollector {
    @Override
    public String name() {
        return "disk_io";
    }

    @Override
    public void collect(SystemRoot system, BaseMetrics out) {
        List<String> devices = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (String block : system.list("/sys/block")) {
            if (isLoopOrRam(block)) {
                continue;
            }
            var stat = system.readIfExists("/sys/block/" + block + "/stat");
            if (stat.isEmpty()) {
                continue;
            }
            List<String> f = Fields.split(stat.get());
            if (f.size() < 7) {
                throw new CollectorException("too few fields in /sys/block/" + block + "/stat");
            }
            String device;
            try {
                device = Fields.sanitise(DeviceMapper.translate(system, block));
            } catch (CollectorException e) {
                unresolved.add(block);
                continue;
            }
            if (Fields.leadingLong(f.get(0)) == 0 && Fields.leadingLong(f.get(4)) == 0) {
                continue;
            }
            devices.add(device);
            String prefix = "disk-io-" + device;
            out.metric(prefix + "-read-ios.derive", f.get(0));
            out.metric(prefix + "-read-sectors.derive", f.get(2));
            out.metric(prefix + "-write-ios.derive", f.get(4));
            out.metric(prefix + "-write-sectors.derive", f.get(6));
        }
        if (!devices.isEmpty()) {
            out.meta("disk-io-devices", String.join(",", devices));
        }
        if (!unresolved.isEmpty()) {
            throw new CollectorException("cannot resolve " + String.join(", ", unresolved));
        }
    }

    private static boolean isLoopOrRam(String name) {
        String rest;
        if (name.startsWith("loop")) {
            rest = name.substring(4);
        } else if (name.startsWith("ram")) {
            rest = name.substring(3);
        } else {
            return false;
        }
        return !rest.isEmpty() && rest.chars().allMatch(Character::isDigit);
    }
}
