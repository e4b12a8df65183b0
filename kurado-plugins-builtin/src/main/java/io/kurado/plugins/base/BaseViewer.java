package io.kurado.plugins.base;

import io.kurado.api.alert.AlertRule;
import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetaItem;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The viewer of the {@code base} plugin, the agent's standard metrics. Push-only: the agent sends
 * the data, there is no fetcher.
 *
 * <p>Groups, in order: one {@code Traffic(<interface>)} per interface of the meta value
 * {@code traffic-interfaces}; {@code CPU Memory} with the badges uptime and kernel version and the
 * graphs {@code cpu}, {@code loadavg-1}, {@code memory-usage}, {@code tcp-established}; one
 * {@code Disk Usage(<mount point>)} per device of {@code disk-usage-devices}; one
 * {@code Disk IO(<device>)} per device of {@code disk-io-devices}, marked {@code -swap} when the
 * device is in {@code disk-swap-devices}. Where no interface or device is known, the group has a
 * {@code warn} badge instead. The graphs keep the original's names and rrdtool definitions.
 *
 * @since 0.1
 */
public final class BaseViewer implements MetricsViewer {
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String BYTES = "%6.1lf%sByte";

    @Override
    public String id() {
        return "base";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        List<GraphGroup> groups = new ArrayList<>();
        List<String> interfaces = csv(context, "traffic-interfaces");
        if (interfaces.isEmpty()) {
            groups.add(new GraphGroup("Traffic", List.of(MetaItem.of("warn", "no interfaces")), List.of()));
        }
        for (String i : interfaces) {
            groups.add(GraphGroup.of("Traffic(" + i + ")", "traffic-" + i));
        }
        List<MetaItem> info = new ArrayList<>();
        context.meta("uptime").ifPresent(u -> info.add(MetaItem.of("uptime", uptime(u))));
        context.meta("version").ifPresent(v -> info.add(MetaItem.of("version", v)));
        groups.add(new GraphGroup("CPU Memory", info, List.of("cpu", "loadavg-1", "memory-usage", "tcp-established")));

        List<String> usage = csv(context, "disk-usage-devices");
        if (usage.isEmpty()) {
            groups.add(new GraphGroup("Disk Usage", List.of(MetaItem.of("warn", "no devices")), List.of()));
        }
        for (String d : usage) {
            String mount = context.meta("disk-usage-" + d + "-mount").orElse(d);
            groups.add(GraphGroup.of("Disk Usage(" + mount + ")", "disk-usage-" + d));
        }

        List<String> io = csv(context, "disk-io-devices");
        Set<String> swaps = new HashSet<>(csv(context, "disk-swap-devices"));
        if (io.isEmpty()) {
            groups.add(new GraphGroup("Disk IO", List.of(MetaItem.of("warn", "no devices")), List.of()));
        }
        for (String d : io) {
            groups.add(GraphGroup.of("Disk IO(" + d + (swaps.contains(d) ? "-swap" : "") + ")",
                    "disk-io-byte-" + d, "disk-io-count-" + d));
        }
        return List.copyOf(groups);
    }

    /**
     * A disk over 90 % full warns and over 95 % is critical (the average of 5 minutes, for 5
     * minutes); a load average (5 minutes) over 2 per processor warns and over 4 is critical (the
     * average of 10 minutes, for 10 minutes).
     */
    @Override
    public List<AlertRule> defaultAlertRules() {
        Map<String, String> disk = new LinkedHashMap<>();
        disk.put("used", "disk-usage-*-used.gauge");
        disk.put("avail", "disk-usage-*-available.gauge");
        Map<String, String> load = new LinkedHashMap<>();
        load.put("load", "loadavg-5.gauge");
        load.put("cpus", "processors.gauge");
        return List.of(
                new AlertRule("disk-usage", "base", disk, "used,used,avail,+,/,100,*",
                        new AlertRule.Window(AlertRule.Aggregate.AVG, Duration.ofMinutes(5)), Optional.of(90.0), Optional.of(95.0),
                        AlertRule.Direction.ABOVE, Duration.ofMinutes(5), Duration.ofMinutes(10),
                        "disk {instance} of {hostname} is {value} % full"),
                new AlertRule("load-per-processor", "base", load, "load,cpus,/",
                        new AlertRule.Window(AlertRule.Aggregate.AVG, Duration.ofMinutes(10)), Optional.of(2.0), Optional.of(4.0),
                        AlertRule.Direction.ABOVE, Duration.ofMinutes(10), Duration.ofMinutes(10),
                        "the load of {hostname} is {value} per processor"));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "cpu":
                return Optional.of(cpu());
            case "loadavg-1":
                return Optional.of(loadAverage());
            case "memory-usage":
                return Optional.of(memory());
            case "tcp-established":
                return Optional.of(tcpEstablished());
            default:
                break;
        }
        for (String family : List.of("traffic", "disk-io-byte", "disk-io-count", "disk-usage")) {
            String prefix = family + "-";
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                String device = name.substring(prefix.length());
                if (!DEVICE.matcher(device).matches()) {
                    return Optional.empty();
                }
                switch (family) {
                    case "traffic":
                        return Optional.of(traffic(device));
                    case "disk-io-byte":
                        return Optional.of(diskIoBytes(device));
                    case "disk-io-count":
                        return Optional.of(diskIoCount(device));
                    default:
                        return Optional.of(diskUsage(device));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Formats an uptime as the host page shows it: {@code up 0 days,  8:56}.
     *
     * @param seconds the uptime in seconds, as text
     * @return the text
     */
    static String uptime(String seconds) {
        return Badges.uptime(seconds);
    }

    private static List<String> csv(ViewContext context, String key) {
        return context.meta(key).map(v -> Arrays.stream(v.split(",")).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    static String traffic(String device) {
        String bps = "%6.2lf%sbps";
        return new GraphText("Throughput")
                .def("ind", "traffic-" + device + "-rxbytes.derive")
                .def("outd", "traffic-" + device + "-txbytes.derive")
                .cdef("in", "ind,0,5000000000,LIMIT,8,*")
                .cdef("out", "outd,0,5000000000,LIMIT,8,*")
                .draw("AREA", "in", "#00C000", "Inbound  ")
                .curAveMax("in", bps)
                .draw("LINE1", "out", "#0000FF", "Outbound ")
                .curAveMax("out", bps)
                .toString();
    }

    /** The ten CPU counters: key, variable, colour, legend. */
    private static final String[][] CPU = {
        {"cpu-user", "my1", "#a9a9a9", "User   "},
        {"cpu-nice", "my2", "#000080", "Nice   "},
        {"cpu-system", "my3", "#008080", "System "},
        {"cpu-idle", "my4", "#800080", "Idle   "},
        {"cpu-iowait", "my5", "#f00000", "Wait   "},
        {"cpu-irq", "my7", "#F39034", "Intr   "},
        {"cpu-softirq", "my8", "#3D282A", "SoftIRQ"},
        {"cpu-steal", "my9", "#EBF906", "Steal  "},
        {"cpu-guest", "my10", "#81F781", "Guest  "},
        {"cpu-guest-nice", "my11", "#8181F7", "GstNice"},
    };

    static String cpu() {
        GraphText g = new GraphText("CPU Usage[%]");
        StringBuilder total = new StringBuilder();
        for (String[] c : CPU) {
            g.def(c[1], c[0] + ".derive");
            total.append(total.length() == 0 ? c[1] : "," + c[1] + ",+");
        }
        g.cdef("total", total.toString());
        for (String[] c : CPU) {
            g.cdef(c[1] + "r", c[1] + ",total,/,100,*,0,100,LIMIT");
        }
        boolean first = true;
        for (String[] c : CPU) {
            g.draw(first ? "AREA" : "STACK", c[1] + "r", c[2], c[3]);
            g.curAveMax(c[1] + "r", "%5.1lf[%%]");
            first = false;
        }
        return g.toString();
    }

    static String loadAverage() {
        return new GraphText("Load Average")
                .def("my1", "loadavg-1.gauge")
                .def("my2", "processors.gauge")
                .draw("AREA", "my1", "#00C000", "Load Average")
                .curAveMax("my1", "%6.2lf")
                .draw("LINE1", "my2", "#ff3e00", "CPU Core    ", "3,6")
                .gprint("my2", "LAST", "Cur", "%6.0lf\\l")
                .toString();
    }

    static String memory() {
        return new GraphText("Memory Usage")
                .def("used", "memory-used.gauge")
                .def("buffers", "memory-buffers.gauge")
                .def("cached", "memory-cached.gauge")
                .def("free", "memory-free.gauge")
                .def("total", "memory-total.gauge")
                .def("swap-used", "memory-swap-used.gauge")
                .def("swap-total", "memory-swap-total.gauge")
                .draw("AREA", "used", "#ffdd67", "used      ").curAveMax("used", BYTES)
                .draw("STACK", "buffers", "#8a8ae6", "buffers   ").curAveMax("buffers", BYTES)
                .draw("STACK", "cached", "#6060e0", "cached    ").curAveMax("cached", BYTES)
                .draw("STACK", "free", "#80e080", "avail real").curAveMax("free", BYTES)
                .draw("LINE2", "swap-used", "#ff5f60", "used  swap").curAveMax("swap-used", BYTES)
                .draw("LINE1", "swap-total", "#800180", "total swap", "2,4").curAveMax("swap-total", BYTES)
                .draw("LINE2", "total", "#08007f", "total real").curAveMax("total", BYTES)
                .toString();
    }

    static String tcpEstablished() {
        return new GraphText("TCP Established")
                .def("tcpestab", "tcp-established.gauge")
                .draw("AREA", "tcpestab", "#00C000", "Established")
                .curAveMax("tcpestab", "%6.1lf")
                .toString();
    }

    static String diskIoBytes(String device) {
        return new GraphText("DiskIO")
                .def("my1a", "disk-io-" + device + "-read-sectors.derive")
                .def("my2a", "disk-io-" + device + "-write-sectors.derive")
                .cdef("my1", "my1a,0,2000000000,LIMIT")
                .cdef("my2", "my2a,0,2000000000,LIMIT")
                .draw("AREA", "my1", "#00C000", "Read/s ").curAveMax("my1", BYTES)
                .draw("STACK", "my2", "#0000C0", "Write/s").curAveMax("my2", BYTES)
                .toString();
    }

    static String diskIoCount(String device) {
        return new GraphText("DiskIO Count")
                .def("my1a", "disk-io-" + device + "-read-ios.derive")
                .def("my2a", "disk-io-" + device + "-write-ios.derive")
                .cdef("my1", "my1a,0,100000000,LIMIT")
                .cdef("my2", "my2a,0,100000000,LIMIT")
                .draw("AREA", "my1", "#c0c0c0", "Read  ").curAveMax("my1", "%6.1lf%s")
                .draw("STACK", "my2", "#800080", "Write ").curAveMax("my2", "%6.1lf%s")
                .toString();
    }

    static String diskUsage(String device) {
        return new GraphText("Disk Usage")
                .def("avail", "disk-usage-" + device + "-available.gauge")
                .def("used", "disk-usage-" + device + "-used.gauge")
                .cdef("avail_b", "avail,1000,*")
                .cdef("used_b", "used,1000,*")
                .cdef("total", "avail_b,used_b,+")
                .cdef("rate", "used_b,total,/,100,*")
                .vdef("slope", "used_b,LSLSLOPE")
                .vdef("cons", "used_b,LSLINT")
                .cdef("lsl2", "used_b,POP,slope,COUNT,*,cons,+")
                .draw("LINE0", "rate", "#ffffff", "Capacity")
                .gprint("rate", "LAST", "Cur", "%5.2lf[%%]\\l")
                .draw("AREA", "total", "#ff99ff", "Total   ")
                .gprint("total", "LAST", "Cur", "%5.2lf%sB")
                .draw("AREA", "used_b", "#cc00ff", "Used")
                .gprint("used_b", "LAST", "Cur", "%5.2lf%sB\\l")
                .draw("LINE1", "lsl2", "#00A000", "Prediction", "3,6")
                .toString();
    }
}
