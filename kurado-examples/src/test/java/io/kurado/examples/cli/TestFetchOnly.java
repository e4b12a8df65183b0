package io.kurado.examples.cli;

import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;

/**
 * A fetcher without a viewer, for the tests of the warnings about it; {@code testfetch:<path>}
 * reads that file instead and fails as a plugin reading a missing file does.
 */
public final class TestFetchOnly implements MetricsFetcher {
    @Override
    public String id() {
        return "testfetch";
    }

    @Override
    public FetchResult fetch(FetchContext context) throws java.io.IOException {
        if (context.argument(0).isPresent()) {
            return context.result().gauge("size", java.nio.file.Files.size(java.nio.file.Path.of(context.argument(0).get()))).build();
        }
        return context.result().gauge("answer", 42).build();
    }
}
