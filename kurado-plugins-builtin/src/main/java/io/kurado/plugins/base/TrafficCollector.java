package io.kurado.plugins.base;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Network traffic of the interfaces that are up: per interface I {@code traffic-I-rxbytes} and
 * {@code traffic-I-txbytes} (bytes, derive) from {@code /proc/net/dev}, and meta
 * {@code traffic-interfaces} in that file's order.
 *
 * <p>Interfaces are chosen as the original agent chose them from {@code ip -o link}, here read
 * from {@code /sys/class/net}: the administrative {@code UP} flag is set, the name is lower-case
 * letters and digits only (so no {@code br-…}, {@code eth0.100}), it is not {@code lo}, and the
 * interface is not tied to another one ({@code iflink} equals {@code ifindex}, which excludes VLAN
 * devices and container {@code veth} pairs that {@code ip} shows as {@code name@peer}).
 *
 * @since 0.1
 */
public final class TrafficCollector implements MetricCollector {
    private static final int IFF_UP = 0x1;

    @Override
    public String name() {
        return "traffic";
    }

    @Override
    public void collect(SystemRoot system, BaseMetrics out) {
        List<String> names = system.list("/sys/class/net");
        if (names.isEmpty()) {
            throw new CollectorException("cannot list network interfaces: /sys/class/net is empty or missing");
        }
        Set<String> up = new HashSet<>();
        for (String name : names) {
            if (isCandidate(name) && isUpAndStandalone(system, name)) {
                up.add(name);
            }
        }
        StringBuilder interfaces = new StringBuilder();
        for (String line : system.lines("/proc/net/dev")) {
            int colon = line.lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            if (!up.contains(name)) {
                continue;
            }
            List<String> f = Fields.split(line.substring(colon + 1));
            if (f.size() < 9) {
                throw new CollectorException("too few fields for " + name + " in /proc/net/dev");
            }
            out.metric("traffic-" + name + "-rxbytes.derive", f.get(0));
            out.metric("traffic-" + name + "-txbytes.derive", f.get(8));
            if (interfaces.length() > 0) {
                interfaces.append(',');
            }
            interfaces.append(name);
        }
        if (interfaces.length() > 0) {
            out.meta("traffic-interfaces", interfaces.toString());
        }
    }

    private static boolean isCandidate(String name) {
        if (name.isEmpty() || name.equals("lo")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUpAndStandalone(SystemRoot system, String name) {
        String dir = "/sys/class/net/" + name + "/";
        var flags = system.readIfExists(dir + "flags").map(String::strip);
        if (flags.isEmpty()) {
            return false;
        }
        long f;
        try {
            String hex = flags.get().startsWith("0x") ? flags.get().substring(2) : flags.get();
            f = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            return false;
        }
        if ((f & IFF_UP) == 0) {
            return false;
        }
        var ifindex = system.readIfExists(dir + "ifindex").map(String::strip);
        var iflink = system.readIfExists(dir + "iflink").map(String::strip);
        return ifindex.isEmpty() || iflink.isEmpty() || ifindex.get().equals(iflink.get());
    }
}
