package com.example.kurado;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimpleCountSqlTest {
    @Test
    void countsTheRowsOfTheTableNamedInTheRoll() {
        RowCounter fake = (ctx, port, db, table) -> port == 3307 && db.equals("app") && table.equals("jobs") ? 42 : -1;
        FetchRun run = PluginTestKit.fetcher(new SimpleCountSqlFetcher(fake))
                .address("10.0.0.5").arguments("3307", "app", "jobs")
                .run();

        run.assertSucceeded();
        assertThat(run.value("count.gauge")).isEqualTo(42);
        PluginTestKit.check("simplecountsql").afterFetch(run).run().assertPassed();
    }

    @Test
    void aRollWithoutDatabaseAndTableSaysHowToWriteIt() {
        FetchRun run = PluginTestKit.fetcher(new SimpleCountSqlFetcher((ctx, port, db, table) -> 0)).arguments("3306").run();

        assertThat(run.failureMessage()).hasValueSatisfying(m -> assertThat(m).contains("simplecountsql:port:db:table"));
    }

    @Test
    void isDiscoveredAsTheDaemonDiscoversPlugins() {
        assertThat(PluginTestKit.discover().kinds("simplecountsql")).hasSize(2);
        var view = PluginTestKit.viewer("simplecountsql").arguments("3306", "app", "jobs").meta(Map.of()).run();
        assertThat(view.groups().get(0).title()).isEqualTo("Count by SQL (table=jobs,db=app,port=3306)");
    }
}
