package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Meta;
import io.kurado.api.Sample;
import io.kurado.api.line.DecodedBatch;
import io.kurado.api.line.LineCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentCommandTest {
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = KuradoCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void dumpPrintsEveryStandardMetricOfThisMachineUnderTheAddressItWouldSend() {
        Run r = run("agent", "--dump");
        assertThat(r.status).as(r.err).isZero();
        DecodedBatch d = LineCodec.decodeBatch(r.out);
        assertThat(d.rejected()).isEmpty();
        // the local address towards the default --mq 127.0.0.1:6379, as the running agent would send
        assertThat(r.out.lines()).allMatch(l -> l.startsWith("127.0.0.1\tbase."));
        assertThat(d.observations()).filteredOn(o -> o instanceof Sample).extracting(o -> ((Sample) o).key().toString())
                .contains("cpu-user.derive", "cpu-guest-nice.derive", "loadavg-1.gauge", "loadavg-15.gauge", "memory-total.gauge",
                        "memory-used.gauge", "memory-swap-used.gauge", "processors.gauge", "tcp-established.gauge");
        assertThat(d.observations()).filteredOn(o -> o instanceof Meta).extracting(o -> ((Meta) o).key())
                .contains("uptime", "version", "disk-usage-devices");
        assertThat(r.out).doesNotContain(".warn.");
    }

    @Test
    void dumpReadsAFixtureRootAndRunsConfDPlugins() throws Exception {
        write("proc/loadavg", "0.50 0.40 0.30 1/99 1234\n");
        write("proc/uptime", "3600.5 7000.1\n");
        write("proc/version", "Linux version 6.1.0-test\n");
        write("proc/meminfo", "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\nCached: 20 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
        write("proc/cpuinfo", "processor\t: 0\n\nprocessor\t: 1\n");
        write("proc/stat", "cpu  1 2 3 4 5 6 7 8 9 10\n");
        write("proc/net/snmp", "Tcp: RtoAlgorithm CurrEstab\nTcp: 1 42\n");
        write("proc/net/dev", "Inter-|\n face |\n  eth0: 100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0\n");
        write("proc/mounts", "proc /proc proc rw 0 0\n");
        write("proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n");
        write("sys/block/vda/stat", "5 0 40 0 6 0 48 0 0 0 0\n");
        write("sys/class/net/eth0/flags", "0x1003\n");
        write("conf.d/sample.toml", "[plugin.metrics.process]\ncommand = \"printf 'fork.derive\\\\t39234\\\\t1404871619\\\\n'\"\n");
        Run r = run("agent", "--dump", "--self-ip", "192.0.2.9", "--root", tmp.toString(), "--conf-d",
                tmp.resolve("conf.d").toString());
        assertThat(r.status).as(r.err).isZero();
        assertThat(r.out.lines().map(l -> l.substring(0, l.lastIndexOf('\t'))))
                .containsExactly(
                        "192.0.2.9\tbase.metrics.cpu-guest-nice.derive\t10",
                        "192.0.2.9\tbase.metrics.cpu-guest.derive\t9",
                        "192.0.2.9\tbase.metrics.cpu-idle.derive\t4",
                        "192.0.2.9\tbase.metrics.cpu-iowait.derive\t5",
                        "192.0.2.9\tbase.metrics.cpu-irq.derive\t6",
                        "192.0.2.9\tbase.metrics.cpu-nice.derive\t2",
                        "192.0.2.9\tbase.metrics.cpu-softirq.derive\t7",
                        "192.0.2.9\tbase.metrics.cpu-steal.derive\t8",
                        "192.0.2.9\tbase.metrics.cpu-system.derive\t3",
                        "192.0.2.9\tbase.metrics.cpu-user.derive\t1",
                        "192.0.2.9\tbase.metrics.disk-io-vda-read-ios.derive\t5",
                        "192.0.2.9\tbase.metrics.disk-io-vda-read-sectors.derive\t40",
                        "192.0.2.9\tbase.metrics.disk-io-vda-write-ios.derive\t6",
                        "192.0.2.9\tbase.metrics.disk-io-vda-write-sectors.derive\t48",
                        "192.0.2.9\tbase.metrics.loadavg-1.gauge\t0.50",
                        "192.0.2.9\tbase.metrics.loadavg-15.gauge\t0.30",
                        "192.0.2.9\tbase.metrics.loadavg-5.gauge\t0.40",
                        "192.0.2.9\tbase.metrics.memory-buffers.gauge\t10240",
                        "192.0.2.9\tbase.metrics.memory-cached.gauge\t20480",
                        "192.0.2.9\tbase.metrics.memory-free.gauge\t102400",
                        "192.0.2.9\tbase.metrics.memory-swap-total.gauge\t0",
                        "192.0.2.9\tbase.metrics.memory-swap-used.gauge\t0",
                        "192.0.2.9\tbase.metrics.memory-total.gauge\t1024000",
                        "192.0.2.9\tbase.metrics.memory-used.gauge\t890880",
                        "192.0.2.9\tbase.metrics.processors.gauge\t2",
                        "192.0.2.9\tbase.metrics.tcp-established.gauge\t42",
                        "192.0.2.9\tbase.metrics.traffic-eth0-rxbytes.derive\t100",
                        "192.0.2.9\tbase.metrics.traffic-eth0-txbytes.derive\t200",
                        "192.0.2.9\tbase.meta.disk-io-devices\tvda",
                        "192.0.2.9\tbase.meta.traffic-interfaces\teth0",
                        "192.0.2.9\tbase.meta.uptime\t3600",
                        "192.0.2.9\tbase.meta.version\tLinux version 6.1.0-test",
                        "192.0.2.9\tprocess.metrics.fork.derive\t39234");
        assertThat(r.out).endsWith("\t1404871619\n");
    }

    @Test
    void anInvalidConfDIsReportedWithFileAndLine() throws Exception {
        write("conf.d/bad.toml", "[plugin.metrics.x.y]\ncommand = \"echo\"\n");
        Run r = run("agent", "--dump", "--conf-d", tmp.resolve("conf.d").toString());
        assertThat(r.status).isEqualTo(1);
        assertThat(r.err).contains("Failed to load config:").contains("bad.toml:1: table [plugin.metrics.x.y] is nested too deep");
        assertThat(r.out).isEmpty();
    }

    @Test
    void rejectsAZeroInterval() {
        Run r = run("agent", "--interval", "0");
        assertThat(r.status).isEqualTo(2);
        assertThat(r.err).contains("--interval must be at least 1 minute");
    }

    @Test
    void aQueueAddressThatDoesNotParseIsAUsageErrorNamingIt() {
        Run r = run("agent", "--mq", "127.0.0.1:notaport");
        assertThat(r.status).isEqualTo(2);
        assertThat(r.err).startsWith("--mq: '127.0.0.1:notaport' is not a Redis address: the port must be a number, not 'notaport'")
                .doesNotContain("Exception");
    }

    @Test
    void aClusterAddressThatDoesNotParseIsAUsageErrorNamingItWithoutThePassword() {
        Run r = run("agent", "--mq", "redis-cluster://:hunter2@10.0.0.1:7000,,10.0.0.2:7001");
        assertThat(r.status).isEqualTo(2);
        assertThat(r.err).startsWith("--mq: 'redis-cluster://:***@10.0.0.1:7000,,10.0.0.2:7001' is not a Redis address")
                .doesNotContain("hunter2").doesNotContain("Exception");
    }

    @Test
    void aQueueHostWithoutAnAddressIsOneLineAskingForSelfIp() {
        Run r = run("agent", "--mq", "no-such-host.invalid:6379");
        assertThat(r.status).isEqualTo(1);
        assertThat(r.err).startsWith("cannot find the local address towards no-such-host.invalid; give --self-ip")
                .hasLineCount(1);
    }

    @Test
    void theLogNamesRedisWithoutItsPassword() {
        assertThat(AgentCommand.redisName("redis://:secret@redis.example.com:6380/2")).isEqualTo("redis.example.com:6380");
        assertThat(AgentCommand.redisName("10.0.0.5")).isEqualTo("10.0.0.5:6379");
        assertThat(AgentCommand.redisName("redis-cluster://:secret@10.0.0.9:7000,10.0.0.10:7001"))
                .isEqualTo("redis-cluster://******@10.0.0.9:7000,10.0.0.10:7001");
        assertThat(AgentCommand.redisName("redis-sentinel://:secret@10.0.0.7:26379,10.0.0.8:26380#mymaster"))
                .contains("10.0.0.7", "10.0.0.8:26380", "mymaster").doesNotContain("secret");
    }

    @Test
    void helpListsTheOriginalsOptions() {
        Run r = run("agent", "--help");
        assertThat(r.status).isZero();
        assertThat(r.out).contains("--conf-d", "--interval", "--mq", "--self-ip", "--pidfile", "--max-delay", "--dump", "--version")
                .doesNotContain("--root");
    }

    @Test
    void parsesTheQueueAddressForms() {
        assertThat(AgentCommand.redisAddress("10.0.0.1:1887").getHostString()).isEqualTo("10.0.0.1");
        assertThat(AgentCommand.redisAddress("10.0.0.1:1887").getPort()).isEqualTo(1887);
        assertThat(AgentCommand.redisAddress("redis://:secret@redis.example.com:6380/0").getHostString()).isEqualTo("redis.example.com");
        assertThat(AgentCommand.redisAddress("redis://redis.example.com").getPort()).isEqualTo(6379);
        assertThat(AgentCommand.localAddressTowards(AgentCommand.redisAddress("127.0.0.1:6379"))).isEqualTo("127.0.0.1");
        // a Sentinel set or a Cluster: this host's address is the one towards the first Sentinel or seed
        assertThat(AgentCommand.redisAddress("redis-sentinel://:pw@10.0.0.7:26379,10.0.0.8:26380#mymaster"))
                .extracting(a -> a.getHostString() + ":" + a.getPort()).isEqualTo("10.0.0.7:26379");
        assertThat(AgentCommand.redisAddress("redis-cluster://10.0.0.9:7000,10.0.0.10:7001"))
                .extracting(a -> a.getHostString() + ":" + a.getPort()).isEqualTo("10.0.0.9:7000");
    }

    private void write(String path, String text) throws Exception {
        Path p = tmp.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
