package io.kurado.plugins.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.CheckReport;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.plugins.support.LocalServer;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemcachedPluginIT {
    @TempDir
    Path dir;

    @Test
    void readsStatsAndSettingsOfARealMemcached() throws Exception {
        try (LocalServer memcached = LocalServer.start("memcached", dir,
                port -> List.of("memcached", "-l", "127.0.0.1", "-p", Integer.toString(port), "-U", "0", "-m", "16", "-c", "321", "-u", "root"))) {
            try (Socket s = new Socket("127.0.0.1", memcached.port())) {
                OutputStream out = s.getOutputStream();
                out.write("set k 0 0 5\r\nhello\r\nget k\r\nget missing\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.getInputStream().readNBytes("STORED\r\nVALUE k 0 5\r\nhello\r\nEND\r\nEND\r\n".length());
            }
            FetchRun run = PluginTestKit.fetcher("memcached").address("127.0.0.1").arguments(Integer.toString(memcached.port())).run()
                    .assertSucceeded();

            assertThat(run.value("cmd_set.derive")).isEqualTo(1);
            assertThat(run.value("get_hits.derive")).isEqualTo(1);
            assertThat(run.value("get_misses.derive")).isEqualTo(1);
            assertThat(run.value("curr_items.gauge")).isEqualTo(1);
            assertThat(run.value("limit_maxbytes.gauge")).isEqualTo(16 * 1024 * 1024);
            assertThat(run.value("maxconns.gauge")).isEqualTo(321);
            assertThat(run.meta()).containsKeys("version", "uptime").containsEntry("maxconns", "321");

            CheckReport report = PluginTestKit.check("memcached").afterFetch(run).run().assertPassed();
            assertThat(report.referencedKeys()).containsAll(run.keys());
        }
    }
}
