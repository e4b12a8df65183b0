package io.kurado.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class FetchRequestTest {
    /** Fetches only through {@code fetchAsync}, as a fetcher with a non-blocking client may. */
    static final class AsyncOnly implements MetricsFetcher {
        @Override
        public String id() {
            return "async";
        }

        @Override
        public FetchResult fetch(FetchContext context) {
            throw new UnsupportedOperationException("the engine calls fetchAsync");
        }

        @Override
        public CompletionStage<FetchResult> fetchAsync(FetchContext context, Executor executor) {
            return CompletableFuture.completedFuture(context.result().gauge("answered", 1).build());
        }
    }

    static final class Failing implements MetricsFetcher {
        @Override
        public String id() {
            return "failing";
        }

        @Override
        public FetchResult fetch(FetchContext context) throws Exception {
            throw new IOException("connection refused at 10.0.0.5:7000");
        }
    }

    static final class Sleeping implements MetricsFetcher {
        @Override
        public String id() {
            return "sleeping";
        }

        @Override
        public FetchResult fetch(FetchContext context) throws Exception {
            Thread.sleep(60_000);
            return context.result().build();
        }
    }

    @Test
    void runsTheFetcherAsTheEngineDoesThroughFetchAsync() {
        FetchRun run = PluginTestKit.fetcher(new AsyncOnly()).run();

        run.assertSucceeded();
        assertThat(run.value("answered.gauge")).isEqualTo(1);
    }

    @Test
    void aFailureIsWhatTheFetcherThrewNotItsWrapper() {
        FetchRun run = PluginTestKit.fetcher(new Failing()).run();

        assertThat(run.failure()).hasValueSatisfying(e -> assertThat(e).isInstanceOf(IOException.class));
        assertThat(run.failureMessage()).contains("connection refused at 10.0.0.5:7000");
    }

    @Test
    void aFetchPastItsDeadlineIsAbandonedAndReportedAsTimedOut() {
        FetchRun run = PluginTestKit.fetcher(new Sleeping()).deadline(Duration.ofMillis(200)).run();

        assertThat(run.timedOut()).isTrue();
        assertThat(run.failureMessage()).contains("fetch did not finish within 0.200 s");
        assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(5));
    }
}
