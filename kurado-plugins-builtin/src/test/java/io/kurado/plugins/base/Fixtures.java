package io.kurado.plugins.base;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The captured system trees under {@code src/test/resources/proc/<name>/}. */
final class Fixtures {
    /** A CentOS 6 VM with LVM volumes (root and swap on device-mapper), as in the README's sample. */
    static final String VM_LVM = "vm-lvm";
    /** A database host: 32 CPUs, many disks (md, nvme, LVM), bonded, VLAN, bridge and veth interfaces. */
    static final String HOST_MANY = "host-many";
    /** A minimal container: overlay root, bind-mounted files, no swap, no /sys/block. */
    static final String CONTAINER = "container";

    private Fixtures() {}

    static SystemRoot root(String name) {
        URL url = Fixtures.class.getResource("/proc/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return new SystemRoot(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static BaseMetrics collect(MetricCollector collector, String fixture) {
        BaseMetrics out = new BaseMetrics();
        collector.collect(root(fixture), out);
        return out;
    }

    /** Disk usage as df would show it, in KiB, for the mount points of the fixtures. */
    static DiskUsageSource usage() {
        Map<String, DiskUsage> table = new TreeMap<>();
        // vm-lvm: the README's sample numbers (used 1487404 KiB, available 36329940 KiB)
        table.put("/", kib(40000000, 40000000 - 1487404, 36329940));
        table.put("/var/lib/mysql", kib(1952000000, 952000000, 952000000));
        table.put("/data disk", kib(3750000000L, 3000000000L, 3000000000L));
        table.put("/backup", kib(500000000, 400000000, 374600000));
        table.put("/boot/efi", kib(524288, 518000, 518000));
        table.put("/var/lib/docker/overlay2", kib(100000000, 60000000, 54900000));
        table.put("/snap/core20/2264", kib(63488, 0, 0));
        table.put("/etc/resolv.conf", kib(262144000, 200000000, 199000000));
        return mount -> {
            DiskUsage u = table.get(mount);
            if (u == null) {
                throw new java.nio.file.NoSuchFileException(mount);
            }
            return u;
        };
    }

    static DiskUsage kib(long total, long free, long available) {
        return new DiskUsage(total * 1024, free * 1024, available * 1024);
    }
}
