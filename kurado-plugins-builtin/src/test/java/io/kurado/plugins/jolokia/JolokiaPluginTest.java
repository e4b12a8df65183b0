package io.kurado.plugins.jolokia;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testing.ManualClock;
import io.kurado.core.testkit.FakeHttpServer;
import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.core.testkit.ViewRun;
import io.kurado.plugins.support.Recorded;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JolokiaPluginTest {
    private static FakeHttpServer jolokia() {
        return FakeHttpServer.start()
                .respond("/jolokia/read/java.lang:type=ClassLoading/LoadedClassCount", 200, Recorded.text("jolokia/class-loading.json"))
                .respond("/jolokia/read/java.lang:type=Threading/ThreadCount,DaemonThreadCount", 200, Recorded.text("jolokia/threading.json"))
                .respond("/jolokia/read/java.lang:type=GarbageCollector,name=*/CollectionCount,CollectionTime", 200, Recorded.text("jolokia/gc.json"))
                .respond("/jolokia/read/java.lang:type=Memory/HeapMemoryUsage,NonHeapMemoryUsage", 200, Recorded.text("jolokia/memory.json"))
                .respond("/jolokia/read/java.lang:type=MemoryPool,name=*/Type,Usage,MemoryManagerNames", 200,
                        Recorded.text("jolokia/memory-pools.json"))
                .respond("/jolokia/read/java.lang:type=Runtime/StartTime,VmVendor,SystemProperties,InputArguments,VmName", 200,
                        Recorded.text("jolokia/runtime.json"));
    }

    @Test
    void readsClassesThreadsCollectorsAndMemoryOfAG1Jvm() {
        try (FakeHttpServer server = jolokia()) {
            FetchRun run = PluginTestKit.fetcher("jolokia").address(server.address()).arguments(Integer.toString(server.port()))
                    .clock(new ManualClock(Instant.ofEpochSecond(1404878100))).run().assertSucceeded();

            assertThat(run.value("loaded_class.gauge")).isEqualTo(9124);
            assertThat(run.value("thread_count.gauge")).isEqualTo(87);
            assertThat(run.value("daemon_thread_count.gauge")).isEqualTo(63);
            assertThat(run.value("young_gc_count.derive")).isEqualTo(4421);
            assertThat(run.value("full_gc_time.derive")).isEqualTo(1840);
            assertThat(run.value("heap_memory_usage.max.gauge")).isEqualTo(4294967296.0);
            assertThat(run.value("memory_pool.old.used.gauge")).isEqualTo(197103616);
            assertThat(run.value("memory_pool.eden.committed.gauge")).isEqualTo(671088640);
            assertThat(run.value("non_heap_memory_usage.max.gauge")).as("JMX's undefined maximum").isEqualTo(-1);
            assertThat(run.keys()).as("the permanent generation of Java 8+ gives no sample").doesNotContain("memory_pool.perm.used.gauge");
            assertThat(run.meta()).containsEntry("memory-pools", "eden,surv,old");
            assertThat(run.meta()).containsEntry("gc", "G1").containsEntry("uptime", Long.toString(1404878100 - 1404445841))
                    .containsEntry("vm", "OpenJDK 64-Bit Server VM, 17.0.11+9, Eclipse Adoptium")
                    .containsEntry("args", "-Xmx4g -XX:+UseG1GC -javaagent:/opt/jolokia/jolokia-jvm-agent.jar=port=8778,host=0.0.0.0");

            ViewRun view = PluginTestKit.viewer("jolokia").meta(run.meta()).run();
            assertThat(view.groups()).extracting(g -> g.title())
                    .containsExactly("Jolokia (8778)", "Jolokia (8778) Memory", "Jolokia (8778) Memory Pool");
            assertThat(view.group("Jolokia (8778) Memory Pool").graphs()).containsExactly("mp_eden_s", "mp_surv_s", "mp_old_s");
            assertThat(view.group("Jolokia (8778)").meta()).extracting(m -> m.key()).doesNotContain("memory-pools");
        }
    }

    @Test
    void everyGraphShownReadsWhatTheJvmSent() {
        try (FakeHttpServer server = jolokia()) {
            FetchRun run = PluginTestKit.fetcher("jolokia").address(server.address()).arguments(Integer.toString(server.port())).run();

            PluginTestKit.check("jolokia").afterFetch(run).run().assertPassed();
        }
    }

    @Test
    void dataOfTheOriginalWithoutPoolMetaShowsEveryPool() {
        assertThat(PluginTestKit.viewer("jolokia").arguments("8778").run().group("Jolokia (8778) Memory Pool").graphs())
                .containsExactly("mp_eden_s", "mp_surv_s", "mp_old_s", "mp_perm_s");
    }

    @Test
    void anErrorFromTheAgentFailsTheFetchNamingTheMbean() {
        try (FakeHttpServer server = FakeHttpServer.start()) {
            server.respond("/jolokia/read/java.lang:type=ClassLoading/LoadedClassCount", 200,
                    "{\"error_type\":\"javax.management.InstanceNotFoundException\",\"error\":\"javax.management.InstanceNotFoundException : java.lang:type=ClassLoading\",\"status\":404}");
            FetchRun run = PluginTestKit.fetcher("jolokia").address(server.address()).arguments(Integer.toString(server.port())).run();

            assertThat(run.failureMessage()).hasValueSatisfying(m -> assertThat(m)
                    .startsWith("Jolokia at 127.0.0.1:" + server.port() + " could not read java.lang:type=ClassLoading/LoadedClassCount"));
        }
    }
}
