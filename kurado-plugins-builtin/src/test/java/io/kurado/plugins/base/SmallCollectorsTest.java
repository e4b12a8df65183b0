package io.kurado.plugins.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load average, uptime, kernel version, processors, CPU and TCP against every fixture. */
class SmallCollectorsTest {
    @TempDir
    Path tmp;

    @Test
    void loadAverageKeepsTheKernelsText() {
        assertThat(Fixtures.collect(new LoadAverageCollector(), Fixtures.VM_LVM).metrics()).containsExactly(
                entry("loadavg-1.gauge", "0.00"), entry("loadavg-15.gauge", "0.05"), entry("loadavg-5.gauge", "0.01"));
        assertThat(Fixtures.collect(new LoadAverageCollector(), Fixtures.HOST_MANY).metrics()).containsExactly(
                entry("loadavg-1.gauge", "12.48"), entry("loadavg-15.gauge", "9.77"), entry("loadavg-5.gauge", "10.91"));
        assertThat(Fixtures.collect(new LoadAverageCollector(), Fixtures.CONTAINER).metrics()).containsExactly(
                entry("loadavg-1.gauge", "0.35"), entry("loadavg-15.gauge", "0.15"), entry("loadavg-5.gauge", "0.32"));
    }

    @Test
    void uptimeIsWholeSecondsMeta() {
        assertThat(Fixtures.collect(new UptimeCollector(), Fixtures.VM_LVM).meta()).containsExactly(entry("uptime", "57649"));
        assertThat(Fixtures.collect(new UptimeCollector(), Fixtures.HOST_MANY).meta()).containsExactly(entry("uptime", "31536012"));
        assertThat(Fixtures.collect(new UptimeCollector(), Fixtures.CONTAINER).meta()).containsExactly(entry("uptime", "267"));
        assertThat(Fixtures.collect(new UptimeCollector(), Fixtures.CONTAINER).metrics()).isEmpty();
    }

    @Test
    void versionIsTheFirstLineOfProcVersion() {
        assertThat(Fixtures.collect(new KernelVersionCollector(), Fixtures.VM_LVM).meta()).containsExactly(entry("version",
                "Linux version 2.6.32-431.el6.x86_64 (mockbuild@c6b8.bsys.dev.centos.org) (gcc version 4.4.7 20120313"
                        + " (Red Hat 4.4.7-4) (GCC) ) #1 SMP Fri Nov 22 03:15:09 UTC 2013"));
        assertThat(Fixtures.collect(new KernelVersionCollector(), Fixtures.HOST_MANY).meta().get("version"))
                .startsWith("Linux version 5.15.0-105-generic ").endsWith("UTC 2024");
    }

    @Test
    void processorsCountsProcessorLines() {
        assertThat(Fixtures.collect(new ProcessorsCollector(), Fixtures.VM_LVM).metrics()).containsExactly(entry("processors.gauge", "1"));
        assertThat(Fixtures.collect(new ProcessorsCollector(), Fixtures.HOST_MANY).metrics()).containsExactly(entry("processors.gauge", "32"));
        assertThat(Fixtures.collect(new ProcessorsCollector(), Fixtures.CONTAINER).metrics()).containsExactly(entry("processors.gauge", "2"));
    }

    @Test
    void processorsSendsNothingWithoutProcessorLines() throws Exception {
        Files.createDirectories(tmp.resolve("proc"));
        Files.writeString(tmp.resolve("proc/cpuinfo"), "Processor\t: ARMv7 Processor rev 4 (v7l)\nBogoMIPS\t: 38.40\n");
        BaseMetrics m = new BaseMetrics();
        new ProcessorsCollector().collect(new SystemRoot(tmp), m);
        assertThat(m.metrics()).isEmpty();
    }

    @Test
    void cpuSendsTenDeriveCountersAndZeroForFieldsAnOldKernelLacks() {
        assertThat(Fixtures.collect(new CpuCollector(), Fixtures.VM_LVM).metrics()).containsExactly(
                entry("cpu-guest-nice.derive", "0"),
                entry("cpu-guest.derive", "0"),
                entry("cpu-idle.derive", "5689557"),
                entry("cpu-iowait.derive", "998"),
                entry("cpu-irq.derive", "894"),
                entry("cpu-nice.derive", "1"),
                entry("cpu-softirq.derive", "899"),
                entry("cpu-steal.derive", "0"),
                entry("cpu-system.derive", "13462"),
                entry("cpu-user.derive", "44682"));
        assertThat(Fixtures.collect(new CpuCollector(), Fixtures.HOST_MANY).metrics())
                .containsEntry("cpu-user.derive", "918273645")
                .containsEntry("cpu-idle.derive", "9182736450")
                .containsEntry("cpu-softirq.derive", "8273645")
                .hasSize(10);
        assertThat(Fixtures.collect(new CpuCollector(), Fixtures.CONTAINER).metrics())
                .containsEntry("cpu-user.derive", "6218").containsEntry("cpu-steal.derive", "15").hasSize(10);
    }

    @Test
    void tcpEstablishedReadsTheCurrEstabColumn() {
        assertThat(Fixtures.collect(new TcpEstablishedCollector(), Fixtures.VM_LVM).metrics()).containsExactly(entry("tcp-established.gauge", "3"));
        assertThat(Fixtures.collect(new TcpEstablishedCollector(), Fixtures.HOST_MANY).metrics()).containsExactly(entry("tcp-established.gauge", "1873"));
        assertThat(Fixtures.collect(new TcpEstablishedCollector(), Fixtures.CONTAINER).metrics()).containsExactly(entry("tcp-established.gauge", "0"));
    }

    @Test
    void aMissingFileFailsNamingIt() {
        assertThatThrownBy(() -> new LoadAverageCollector().collect(new SystemRoot(tmp), new BaseMetrics()))
                .isInstanceOf(CollectorException.class).hasMessage("cannot read /proc/loadavg: no such file");
    }
}
