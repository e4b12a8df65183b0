package io.kurado.plugins.base;

import java.util.List;

/**
 * The number of established TCP connections, {@code tcp-established.gauge}: the
 * {@code CurrEstab} column of the {@code Tcp:} lines of {@code /proc/net/snmp} (IPv4 and IPv6
 * together, as the kernel counts them).
 *
 * @since 0.1
 */
public final class TcpEstablishedCollector implements MetricCollector {
    @Override
    public String name() {
        return "tcp_established";
    }

    @Override
    public void collect(SystemRoot system, BaseMetrics out) {
        int index = -1;
        for (String line : system.lines("/proc/net/snmp")) {
            if (!line.startsWith("Tcp:")) {
                continue;
            }
            List<String> f = Fields.split(line);
            if (index < 0) {
                index = f.indexOf("CurrEstab");
                if (index < 0) {
                    throw new CollectorException("no CurrEstab column in /proc/net/snmp");
                }
            } else {
                if (index < f.size()) {
                    out.metric("tcp-established.gauge", f.get(index));
                }
                return;
            }
        }
    }
}
