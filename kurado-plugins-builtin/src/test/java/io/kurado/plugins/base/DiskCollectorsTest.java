package io.kurado.plugins.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disk usage, disk I/O and swap devices against every fixture. */
class DiskCollectorsTest {
    @TempDir
    Path tmp;

    private final DiskUsageCollector usage = new DiskUsageCollector(Fixtures.usage());

    @Test
    void diskUsageOfAnLvmRootSkipsBoot() {
        BaseMetrics m = Fixtures.collect(usage, Fixtures.VM_LVM);
        assertThat(m.metrics()).containsExactly(
                entry("disk-usage-mapper_VolGroup-lv_root-available.gauge", "36329940"),
                entry("disk-usage-mapper_VolGroup-lv_root-used.gauge", "1487404"));
        assertThat(m.meta()).containsExactly(
                entry("disk-usage-devices", "mapper_VolGroup-lv_root"),
                entry("disk-usage-mapper_VolGroup-lv_root-mount", "/"));
    }

    @Test
    void diskUsageOfManyDevicesInMountOrderOnceEachAndNotOnNetworkFileSystems() {
        BaseMetrics m = Fixtures.collect(usage, Fixtures.HOST_MANY);
        assertThat(m.meta()).containsEntry("disk-usage-devices", "sda2,sda4,md0,nvme0n1p1,mapper_vgbackup-backup,sdb1,loop3")
                .containsEntry("disk-usage-sda4-mount", "/boot/efi")
                .containsEntry("disk-usage-nvme0n1p1-mount", "/data disk")
                .containsEntry("disk-usage-sdb1-mount", "/var/lib/docker/overlay2")
                .containsEntry("disk-usage-mapper_vgbackup-backup-mount", "/backup")
                .hasSize(8);
        assertThat(m.metrics()).containsEntry("disk-usage-sda2-used.gauge", "1487404")
                .containsEntry("disk-usage-sda4-used.gauge", "6288")
                .containsEntry("disk-usage-sda4-available.gauge", "518000")
                .containsEntry("disk-usage-md0-used.gauge", "1000000000")
                .containsEntry("disk-usage-md0-available.gauge", "952000000")
                .containsEntry("disk-usage-nvme0n1p1-used.gauge", "750000000")
                .containsEntry("disk-usage-mapper_vgbackup-backup-available.gauge", "374600000")
                .containsEntry("disk-usage-sdb1-used.gauge", "40000000")
                .containsEntry("disk-usage-loop3-used.gauge", "63488")
                .containsEntry("disk-usage-loop3-available.gauge", "0")
                .hasSize(14);
    }

    @Test
    void diskUsageInAContainerListsTheBindMountedDeviceOnce() {
        BaseMetrics m = Fixtures.collect(usage, Fixtures.CONTAINER);
        assertThat(m.metrics()).containsExactly(
                entry("disk-usage-vda-available.gauge", "199000000"),
                entry("disk-usage-vda-used.gauge", "62144000"));
        assertThat(m.meta()).containsExactly(entry("disk-usage-devices", "vda"), entry("disk-usage-vda-mount", "/etc/resolv.conf"));
    }

    @Test
    void aMountThatCannotBeMeasuredIsReportedAndTheOthersAreKept() throws Exception {
        write("proc/mounts", "/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 /gone ext4 rw 0 0\n");
        BaseMetrics m = new BaseMetrics();
        DiskUsageCollector c = new DiskUsageCollector(mount -> {
            if (mount.equals("/gone")) {
                throw new java.io.IOException("Permission denied");
            }
            return Fixtures.kib(100, 40, 30);
        });
        assertThatThrownBy(() -> c.collect(new SystemRoot(tmp), m)).hasMessage("cannot measure /gone (Permission denied)");
        assertThat(m.metrics()).containsOnly(entry("disk-usage-sda1-used.gauge", "60"), entry("disk-usage-sda1-available.gauge", "30"));
        assertThat(m.meta()).containsEntry("disk-usage-devices", "sda1");
    }

    @Test
    void diskUsageMeasuresTheRealRootWithFileStores() {
        SystemRoot host = SystemRoot.host();
        DiskUsage u = assertDoesNotThrow(() -> DiskUsageSource.fileStores(host).usage("/"));
        assertThat(u.totalBytes()).isPositive();
        assertThat(u.usedKiB() + u.availableKiB()).isLessThanOrEqualTo((u.totalBytes() + 1023) / 1024);
    }

    @Test
    void diskIoNamesDeviceMapperVolumesAndSkipsLoopRamAndIdleDevices() {
        BaseMetrics m = Fixtures.collect(new DiskIoCollector(), Fixtures.VM_LVM);
        assertThat(m.metrics()).containsExactly(
                entry("disk-io-mapper_VolGroup-lv_root-read-ios.derive", "38124"),
                entry("disk-io-mapper_VolGroup-lv_root-read-sectors.derive", "1013426"),
                entry("disk-io-mapper_VolGroup-lv_root-write-ios.derive", "311834"),
                entry("disk-io-mapper_VolGroup-lv_root-write-sectors.derive", "2462360"),
                entry("disk-io-mapper_VolGroup-lv_swap-read-ios.derive", "409"),
                entry("disk-io-mapper_VolGroup-lv_swap-read-sectors.derive", "3272"),
                entry("disk-io-mapper_VolGroup-lv_swap-write-ios.derive", "630"),
                entry("disk-io-mapper_VolGroup-lv_swap-write-sectors.derive", "5040"),
                entry("disk-io-sda-read-ios.derive", "24676"),
                entry("disk-io-sda-read-sectors.derive", "1023692"),
                entry("disk-io-sda-write-ios.derive", "43704"),
                entry("disk-io-sda-write-sectors.derive", "2467476"));
        assertThat(m.meta()).containsExactly(entry("disk-io-devices", "mapper_VolGroup-lv_root,mapper_VolGroup-lv_swap,sda"));
    }

    @Test
    void diskIoOfManyDevices() {
        BaseMetrics m = Fixtures.collect(new DiskIoCollector(), Fixtures.HOST_MANY);
        assertThat(m.meta()).containsExactly(entry("disk-io-devices", "mapper_vgbackup-backup,md0,nvme0n1,sda,sdb,sdc,sdd"));
        assertThat(m.metrics()).hasSize(28)
                .containsEntry("disk-io-nvme0n1-read-sectors.derive", "8273645123")
                .containsEntry("disk-io-nvme0n1-write-sectors.derive", "9182736451")
                .containsEntry("disk-io-md0-write-ios.derive", "18364737")
                .containsEntry("disk-io-mapper_vgbackup-backup-read-ios.derive", "1234")
                .doesNotContainKey("disk-io-sr0-read-ios.derive")
                .doesNotContainKey("disk-io-loop0-read-ios.derive");
    }

    @Test
    void diskIoInAContainerWithoutSysBlockSendsNothing() {
        BaseMetrics m = Fixtures.collect(new DiskIoCollector(), Fixtures.CONTAINER);
        assertThat(m.metrics()).isEmpty();
        assertThat(m.meta()).isEmpty();
    }

    @Test
    void deviceMapperNamesFallBackToDevMapperLinks() throws Exception {
        write("sys/block/dm-3/stat", "10 0 80 0 5 0 40 0 0 0 0\n");
        write("sys/block/dm-4/stat", "10 0 80 0 5 0 40 0 0 0 0\n");
        Files.createDirectories(tmp.resolve("dev/mapper"));
        Files.createSymbolicLink(tmp.resolve("dev/mapper/vg-data"), Path.of("../dm-3"));
        BaseMetrics m = new BaseMetrics();
        assertThatThrownBy(() -> new DiskIoCollector().collect(new SystemRoot(tmp), m)).hasMessage("cannot resolve dm-4");
        assertThat(m.meta()).containsExactly(entry("disk-io-devices", "mapper_vg-data"));
        assertThat(m.metrics()).containsEntry("disk-io-mapper_vg-data-write-sectors.derive", "40").hasSize(4);
    }

    @Test
    void swapPartitionsAreNamedLikeDiskIoDevicesAndSwapFilesIgnored() {
        assertThat(Fixtures.collect(new SwapsCollector(), Fixtures.VM_LVM).meta()).containsExactly(entry("disk-swap-devices", "mapper_VolGroup-lv_swap"));
        assertThat(Fixtures.collect(new SwapsCollector(), Fixtures.HOST_MANY).meta()).containsExactly(entry("disk-swap-devices", "sda3"));
        assertThat(Fixtures.collect(new SwapsCollector(), Fixtures.CONTAINER).meta()).isEmpty();
    }

    @Test
    void mountLinesAreParsedAsTheOriginalDid() {
        assertThat(DiskUsageCollector.parseMount("/dev/vda / ext4 rw 0 0")).hasValueSatisfying(a -> assertThat(a).containsExactly("vda", "/"));
        assertThat(DiskUsageCollector.parseMount("/dev/sda1 /boot ext4 rw 0 0")).isEmpty();
        assertThat(DiskUsageCollector.parseMount("tmpfs /run tmpfs rw 0 0")).isEmpty();
        assertThat(DiskUsageCollector.parseMount("/dev/sdc1 /mnt/my\\040disk ext4 rw 0 0"))
                .hasValueSatisfying(a -> assertThat(a).containsExactly("sdc1", "/mnt/my disk"));
    }

    private void write(String path, String text) throws Exception {
        Path p = tmp.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static <T> T assertDoesNotThrow(java.util.concurrent.Callable<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
