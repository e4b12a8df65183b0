package io.kurado.plugins.base;

import java.util.ArrayList;
import java.util.List;

/**
 * The meta value {@code disk-swap-devices}: the swap partitions of {@code /proc/swaps} (swap
 * files are not devices), named as {@link DiskIoCollector} names them, so the viewer can mark
 * their disk I/O graphs.
 *
 * @since 0.1
 */
public final class SwapsCollector implements MetricCollector {
    @Override
    public String name() {
        return "swaps";
    }

    @Override
    public void collect(SystemRoot system, BaseMetrics out) {
        List<String> swaps = new ArrayList<>();
        for (String line : system.lines("/proc/swaps")) {
            if (!line.startsWith("/dev/")) {
                continue;
            }
            List<String> f = Fields.split(line);
            if (f.size() < 2 || !f.get(1).equals("partition")) {
                continue;
            }
            String device = f.get(0).substring(5);
            swaps.add(Fields.sanitise(DeviceMapper.translate(system, device)));
        }
        if (!swaps.isEmpty()) {
            out.meta("disk-swap-devices", String.join(",", swaps));
        }
    }
}
