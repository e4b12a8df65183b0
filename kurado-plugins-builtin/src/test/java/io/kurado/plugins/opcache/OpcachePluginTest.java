package io.kurado.plugins.opcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FakeHttpServer;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.plugins.support.Recorded;
import org.junit.jupiter.api.Test;

class OpcachePluginTest {
    @Test
    void readsTheStatusScriptIncludingItsMisspeltStatistics() {
        try (FakeHttpServer php = FakeHttpServer.start()) {
            php.respond("/opcache-status.php", 200, Recorded.text("opcache/opcache-status.json"), "Content-Type", "application/json");
            FetchRun run = PluginTestKit.fetcher("opcache").address(php.address()).arguments(Integer.toString(php.port())).run()
                    .assertSucceeded();

            assertThat(run.value("opcache_hit_rate.gauge")).isEqualTo(99.99709);
            assertThat(run.value("num_cached_scripts.gauge")).isEqualTo(1289);
            assertThat(run.value("max_cached_keys.gauge")).isEqualTo(7963);
            assertThat(run.value("strings_used_memory.gauge")).isEqualTo(5421016);
            assertThat(run.value("wasted_memory.gauge")).isEqualTo(2079272);
            assertThat(run.meta()).containsEntry("memory_max", "128MB").containsEntry("max_file_size", "0MB")
                    .containsEntry("interned_strings_max", "8MB").containsEntry("max_accelerated_files", "4000");
            PluginTestKit.check("opcache").afterFetch(run).run().assertPassed();
        }
    }

    @Test
    void missingFiguresGiveNoSampleInsteadOfAnEmptyValue() {
        try (FakeHttpServer php = FakeHttpServer.start()) {
            php.respond("/opcache-status.php", 200, "{\"memory_usage\":{\"used_memory\":1024,\"free_memory\":null}}");
            FetchRun run = PluginTestKit.fetcher("opcache").address(php.address()).arguments(Integer.toString(php.port())).run()
                    .assertSucceeded();

            assertThat(run.keys()).containsExactly("used_memory.gauge");
            assertThat(run.lines()).noneMatch(l -> l.contains("\t\t"));
        }
    }

    @Test
    void aPageThatIsNotJsonFailsTheFetch() {
        try (FakeHttpServer php = FakeHttpServer.start()) {
            php.respond("/opcache-status.php", 200, "<html>Fatal error</html>");
            FetchRun run = PluginTestKit.fetcher("opcache").address(php.address()).arguments(Integer.toString(php.port())).run();

            assertThat(run.failureMessage()).hasValueSatisfying(m -> assertThat(m)
                    .startsWith("the OPcache status at 127.0.0.1:" + php.port() + " did not send JSON"));
        }
    }
}
