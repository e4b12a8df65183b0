package io.kurado.plugins.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Meta;
import io.kurado.api.Sample;
import io.kurado.api.Warning;
import io.kurado.api.line.DecodedBatch;
import io.kurado.api.line.LineCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseCollectorTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1404873350));

    @Test
    void writesMetricsThenMetaSortedWithOneTimestamp() {
        BaseCollector c = new BaseCollector(Fixtures.root(Fixtures.VM_LVM), Fixtures.usage(), CLOCK);
        String t = "\t1404873350\n";
        String p = "10.0.0.5\tbase.";
        String expected = ""
                + p + "metrics.cpu-guest-nice.derive\t0" + t
                + p + "metrics.cpu-guest.derive\t0" + t
                + p + "metrics.cpu-idle.derive\t5689557" + t
                + p + "metrics.cpu-iowait.derive\t998" + t
                + p + "metrics.cpu-irq.derive\t894" + t
                + p + "metrics.cpu-nice.derive\t1" + t
                + p + "metrics.cpu-softirq.derive\t899" + t
                + p + "metrics.cpu-steal.derive\t0" + t
                + p + "metrics.cpu-system.derive\t13462" + t
                + p + "metrics.cpu-user.derive\t44682" + t
                + p + "metrics.disk-io-mapper_VolGroup-lv_root-read-ios.derive\t38124" + t
                + p + "metrics.disk-io-mapper_VolGroup-lv_root-read-sectors.derive\t1013426" + t
                + p + "metrics.disk-io-mapper_VolGroup-lv_root-write-ios.derive\t311834" + t
                + p + "metrics.disk-io-mapper_VolGroup-lv_root-write-sectors.derive\t2462360" + t
                + p + "metrics.disk-io-mapper_VolGroup-lv_swap-read-ios.derive\t409" + t
                + p + "metrics.disk-io-mapper_VolGroup-lv_swap-read-sectors.derive\t3272" + t
                + p + "metrics.disk-io-mapper_VolGroup-lv_swap-write-ios.derive\t630" + t
                + p + "metrics.disk-io-mapper_VolGroup-lv_swap-write-sectors.derive\t5040" + t
                + p + "metrics.disk-io-sda-read-ios.derive\t24676" + t
                + p + "metrics.disk-io-sda-read-sectors.derive\t1023692" + t
                + p + "metrics.disk-io-sda-write-ios.derive\t43704" + t
                + p + "metrics.disk-io-sda-write-sectors.derive\t2467476" + t
                + p + "metrics.disk-usage-mapper_VolGroup-lv_root-available.gauge\t36329940" + t
                + p + "metrics.disk-usage-mapper_VolGroup-lv_root-used.gauge\t1487404" + t
                + p + "metrics.loadavg-1.gauge\t0.00" + t
                + p + "metrics.loadavg-15.gauge\t0.05" + t
                + p + "metrics.loadavg-5.gauge\t0.01" + t
                + p + "metrics.memory-buffers.gauge\t41582592" + t
                + p + "metrics.memory-cached.gauge\t218800128" + t
                + p + "metrics.memory-free.gauge\t68136960" + t
                + p + "metrics.memory-swap-total.gauge\t973070336" + t
                + p + "metrics.memory-swap-used.gauge\t2465792" + t
                + p + "metrics.memory-total.gauge\t480718848" + t
                + p + "metrics.memory-used.gauge\t152199168" + t
                + p + "metrics.processors.gauge\t1" + t
                + p + "metrics.tcp-established.gauge\t3" + t
                + p + "metrics.traffic-eth0-rxbytes.derive\t146026292" + t
                + p + "metrics.traffic-eth0-txbytes.derive\t4955348" + t
                + p + "meta.disk-io-devices\tmapper_VolGroup-lv_root,mapper_VolGroup-lv_swap,sda" + t
                + p + "meta.disk-swap-devices\tmapper_VolGroup-lv_swap" + t
                + p + "meta.disk-usage-devices\tmapper_VolGroup-lv_root" + t
                + p + "meta.disk-usage-mapper_VolGroup-lv_root-mount\t/" + t
                + p + "meta.traffic-interfaces\teth0" + t
                + p + "meta.uptime\t57649" + t
                + p + "meta.version\tLinux version 2.6.32-431.el6.x86_64 (mockbuild@c6b8.bsys.dev.centos.org) (gcc version 4.4.7"
                + " 20120313 (Red Hat 4.4.7-4) (GCC) ) #1 SMP Fri Nov 22 03:15:09 UTC 2013" + t;
        assertThat(c.collect("10.0.0.5")).isEqualTo(expected);
    }

    @Test
    void everyLineOfEveryFixtureIsAcceptedByTheUpdater() {
        for (String f : List.of(Fixtures.VM_LVM, Fixtures.HOST_MANY, Fixtures.CONTAINER)) {
            String batch = new BaseCollector(Fixtures.root(f), Fixtures.usage(), CLOCK).collect("192.0.2.1");
            DecodedBatch d = LineCodec.decodeBatch(batch);
            assertThat(d.rejected()).as(f).isEmpty();
            assertThat(d.observations()).as(f).allSatisfy(o -> assertThat(o.plugin().name()).isEqualTo("base"));
            assertThat(d.observations()).as(f).noneMatch(o -> o instanceof Warning);
        }
    }

    @Test
    void aFailingCollectorBecomesAWarnLineAndTheOthersStillRun(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("proc"));
        Files.writeString(tmp.resolve("proc/loadavg"), "1.50 1.00 0.50 2/100 999\n");
        Files.writeString(tmp.resolve("proc/uptime"), "100.5 200.1\n");
        BaseCollector c = new BaseCollector(new SystemRoot(tmp), Fixtures.usage(), CLOCK);
        DecodedBatch d = LineCodec.decodeBatch(c.collect("h"));
        assertThat(d.rejected()).isEmpty();
        assertThat(d.observations()).filteredOn(o -> o instanceof Sample).extracting(o -> ((Sample) o).key().toString())
                .containsExactly("loadavg-1.gauge", "loadavg-15.gauge", "loadavg-5.gauge");
        assertThat(d.observations()).filteredOn(o -> o instanceof Meta).extracting(o -> ((Meta) o).key()).containsExactly("uptime");
        assertThat(d.observations()).filteredOn(o -> o instanceof Warning).extracting(o -> ((Warning) o).key() + ": " + ((Warning) o).message())
                .containsExactly(
                        "cpu_usage: cannot read /proc/stat: no such file",
                        "disk_usage: cannot read /proc/mounts: no such file",
                        "memory: cannot read /proc/meminfo: no such file",
                        "processors: cannot read /proc/cpuinfo: no such file",
                        "swaps: cannot read /proc/swaps: no such file",
                        "sys_version: cannot read /proc/version: no such file",
                        "tcp_established: cannot read /proc/net/snmp: no such file",
                        "traffic: cannot list network interfaces: /sys/class/net is empty or missing");
    }

    @Test
    void collectsThisMachine() {
        BaseCollector c = BaseCollector.of(SystemRoot.host(), InstantSource.system());
        BaseCollector.Collection all = c.collectAll();
        assertThat(all.warnings()).isEmpty();
        assertThat(all.metrics().metrics()).containsKeys("cpu-user.derive", "loadavg-1.gauge", "memory-total.gauge",
                "processors.gauge", "tcp-established.gauge");
        assertThat(all.metrics().meta()).containsKeys("uptime", "version", "disk-usage-devices");
    }
}
