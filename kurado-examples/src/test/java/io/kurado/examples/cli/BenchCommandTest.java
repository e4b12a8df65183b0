package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.Prerequisites;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks that need nothing but the JVM run on a tiny scale and end with their RESULT line. */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void benchWebDrawsTheGraphsOfAHostPageAndEndsWithItsResult() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("bench", "web", "--hosts", "3", "--pages", "2", "--history-hours", "2",
                "--dir", dir.resolve("web").toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("RESULT web page_p50_ms=\\S+ host_graphs_cold_ms=\\S+ .*graphs=([1-9]\\d*) failed=0")
                .containsPattern("RESULT web-index bytes=\\d+ p50_ms=\\S+ p99_ms=\\S+ p50_16_ms=\\S+ p99_16_ms=\\S+ failed=0 heap_peak_mib=\\d+")
                .containsPattern("RESULT web-section-page bytes=\\d+ .* failed=0");
    }

    @Test
    void benchWebCompareDrawsTheComparisonPageInAServerOfItsOwnAndSetsRrdtoolBesideIt() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("bench", "web", "--compare", "2", "--warmup", "1", "--minutes", "3",
                "--dir", dir.resolve("compare").toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        // two hosts of eight base graphs each, all drawn
        assertThat(r.out()).containsPattern("RESULT web-compare hosts=2 html_ms=\\S+ html_bytes=\\d+ graphs=16 failed=0 graphs_cold_ms=\\S+ "
                        + "cpu_ms_per_graph=\\S+ .*host_graphs=16 ")
                .containsPattern("RESULT web-rrdtool (graphs=\\d+ rrdtool_cpu_ms_per_graph=\\S+ .*ratio=\\S+|skipped=\\S+)");
    }

    @Test
    void benchStorageWritesEverySampleIntoItsFileAndEndsWithItsResult() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("bench", "storage", "--files", "90", "--minutes", "3",
                "--baseline-files", "10", "--baseline-minutes", "1", "--dir", dir.toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).doesNotContain("warning:");
        assertThat(r.out()).containsPattern("RESULT storage samples_per_s=\\d+ cpu_us_per_sample=\\S+ files_per_s=\\d+ cpu_us_per_file=\\d+ "
                + "warm_files_per_s=\\d+ .*files=90 minutes=3");
    }

    @Test
    void benchIngestInMemoryEndsWithItsResult() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("bench", "ingest", "--hosts", "3", "--minutes", "3", "--redis", "memory",
                "--dir", dir.resolve("ingest").toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("written 405, skipped 0, failed 0")
                .containsPattern("RESULT ingest samples_per_s=\\d+ lag_ms=\\d+ .*files_per_s=\\d+ cpu_us_per_file=\\d+ hosts=3 files=135");
    }

    @Test
    void benchIngestGoesThroughHoursOnASimulatedClockAndItsFilesAreWhatRrd4jWrites() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("bench", "ingest", "--hosts", "2", "--minutes", "125", "--redis", "memory",
                "--dir", dir.resolve("hours").toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("hour 1 (minutes 2-60)", "hour 2 (minutes 61-120)", "hour 3 (minutes 121-125)")
                .containsPattern("RESULT ingest-hours hours=3 first_cpu_us_per_sample=\\S+ .*journal_max_mb=\\d+ hosts=2")
                .contains("RESULT ingest-files compared=20 identical=20");
    }

    @Test
    void benchStorageBesideRrdcachedPrintsBothSidesAndTheirRatio() {
        Prerequisites.program("/usr/bin/rrdcached");
        Prerequisites.program("/usr/bin/rrdtool");
        ConfigCommandTest.Run r = ConfigCommandTest.run("bench", "storage", "--files", "90", "--minutes", "11", "--rrdcached",
                "--dir", dir.toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("rrdcached: 990 samples in");
        assertThat(r.out()).containsPattern("RESULT storage-kurado samples_per_s=\\d+ cpu_us_per_sample=\\S+ .*files=90 minutes=11")
                .containsPattern("RESULT storage-rrdcached samples_per_s=\\d+ cpu_us_per_sample=\\S+ .*files=90 minutes=11")
                .containsPattern("RESULT storage-vs-rrdcached rate_ratio=\\S+ cpu_ratio=\\S+ .*files=90 minutes=11");
    }

    @Test
    void benchRestartServesEverySampleAfterAKillAndAfterACleanStop() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("bench", "restart", "--files", "90", "--minutes", "3", "--reads", "30",
                "--dir", dir.toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("after kill -9: every sample served", "each with its last sample",
                "after kill -9: the replayed samples in their files");
        assertThat(r.out()).containsPattern("RESULT restart served_after_kill_s=\\S+ served_after_kill_cpu_s=\\S+ in_files_after_kill_s=\\S+"
                + " served_after_clean_stop_s=\\S+ clean_stop_s=\\S+ samples_waiting_at_kill=[1-9]\\d* samples_replayed=[1-9]\\d*"
                + " heap_after_replay_mb=\\d+ .*files=90 reads=30");
    }

    @Test
    void benchIngestNodesRunsAGroupOfServerProcessesOnARedisOfItsOwnAndEndsWithItsResults() {
        io.kurado.core.testkit.Prerequisites.program("redis-server");
        ConfigCommandTest.Run r = ConfigCommandTest.run("bench", "ingest", "--nodes", "3", "--hosts", "60", "--minutes", "2",
                "--shards", "6", "--graphs", "2", "--outage-minutes", "1", "--dir", dir.resolve("nodes").toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("single: 1 node(s) started and share the 6 shards", "group: 3 node(s) started and share the 6 shards")
                .containsPattern("RESULT ingest-nodes nodes=3 samples_per_s=[1-9]\\d* cpu_us_per_sample=[1-9][\\d.]* "
                        + "single_samples_per_s=[1-9]\\d* single_cpu_us_per_sample=[1-9][\\d.]* cpu_ratio=\\d+\\.\\d\\d "
                        + "jit_us_per_sample=[\\d.]+ single_jit_us_per_sample=[\\d.]+ "
                        + "router_us_per_sample=[\\d.]+ route_us_per_sample=[\\d.]+ hosts=60 samples=2700 ")
                .containsPattern("RESULT ingest-nodes-forward graph_on_holder_ms=[\\d.]+ graph_forwarded_ms=[\\d.]+ overhead_ms=-?[\\d.]+ graphs=2")
                // a node down is noticed by its lease's expiry (15 s), and its shards' queues grow while it is down
                .containsPattern("RESULT ingest-nodes-outage down_after_s=\\d+\\.\\d backlog_bytes_per_minute=[1-9]\\d* "
                        + "redis_used_bytes_per_minute=-?\\d+ hosts_down=[1-9]\\d* batches_waiting=[1-9]\\d*");
    }

    @Test
    void benchAlertsEvaluatesTheDefaultRulesAndEndsWithItsResult() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("bench", "alerts", "--hosts", "40", "--rounds", "2", "--dir",
                dir.resolve("alerts").toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("40 hosts, 2 rules (160 series read), 2 alerts pending or firing")
                .containsPattern("RESULT alerts cpu_ms_per_evaluation=\\S+ process_cpu_ms=\\S+ wall_ms=\\S+ hosts=40 rules=2 storage=rrd meta=memory alerts=2");
    }
}
