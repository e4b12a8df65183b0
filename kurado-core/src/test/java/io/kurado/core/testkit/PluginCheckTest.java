package io.kurado.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginCheckTest {
    /** Lists {@code a} and {@code b}, both reading {@code x.gauge}; optionally throws for some graphs. */
    static final class Viewer implements MetricsViewer {
        private final List<String> throwing;

        Viewer(String... throwing) {
            this.throwing = List.of(throwing);
        }

        @Override
        public String id() {
            return "p";
        }

        @Override
        public List<GraphGroup> list(ViewContext context) {
            return List.of(GraphGroup.of("P", "a", "b", "c"));
        }

        @Override
        public Optional<String> graph(ViewContext context, String name) {
            if (throwing.contains(name)) {
                throw new IllegalStateException("cannot make graph " + name);
            }
            return Optional.of("Label\nDEF:x=<%RRD x.gauge %>:n:AVERAGE\nLINE1:x#00C000:X\n");
        }
    }

    static final class Refused implements MetricsFetcher {
        @Override
        public String id() {
            return "p";
        }

        @Override
        public FetchResult fetch(FetchContext context) throws Exception {
            throw new IOException("connection refused at 10.0.0.5:7000");
        }
    }

    @Test
    void aFailedFetchSaysWhatKindOfFailureItWasWhenTheMessageIsOnlyAPath() {
        MetricsFetcher missing = new MetricsFetcher() {
            @Override
            public String id() {
                return "procload";
            }

            @Override
            public FetchResult fetch(FetchContext context) throws Exception {
                throw new java.nio.file.NoSuchFileException("/nonexistent");
            }
        };

        FetchRun run = PluginTestKit.fetcher(missing).address("10.0.0.5").run();

        assertThat(run.failureMessage()).contains("file not found: /nonexistent");
        assertThat(run.lines()).singleElement().asString().endsWith("procload.warn.command\tfile not found: /nonexistent\t" + run.timestamp());
    }

    @Test
    void aCheckAfterAFailedFetchSaysTheFetchFailedInsteadOfBlamingEveryGraph() {
        FetchRun run = PluginTestKit.fetcher(new Refused()).address("10.0.0.5").arguments("7000").run();

        CheckReport report = PluginTestKit.check(new Viewer()).afterFetch(run).run();

        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).containsExactly("the fetch of p:7000 at 10.0.0.5 failed: connection refused at 10.0.0.5:7000");
    }

    @Test
    void everyGraphThatThrowsIsReportedWithItsOwnError() {
        CheckReport report = PluginTestKit.check(new Viewer("a", "c")).run();

        assertThat(report.problems()).hasSize(2);
        assertThat(report.problems().get(0)).startsWith("graph 'a' failed: ").contains("cannot make graph a");
        assertThat(report.problems().get(1)).startsWith("graph 'c' failed: ").contains("cannot make graph c");
    }

    @Test
    void aViewRunKeepsTheErrorOfEachGraph() {
        ViewRun run = PluginTestKit.viewer(new Viewer("a", "c")).run();

        assertThat(run.graphFailures()).containsOnlyKeys("a", "c");
        assertThat(run.failure()).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("cannot make graph a"));
        assertThat(run.definitions().get("b")).isPresent();
    }
}
