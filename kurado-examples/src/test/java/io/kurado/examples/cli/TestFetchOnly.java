package io.kurado.examples.cli;

import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;

/** A fetcher without a viewer, for the tests of the warnings about it. */
public final class TestFetchOnly implements MetricsFetcher {
    @Override
    public String id() {
        return "testfetch";
    }

    @Override
    public FetchResult fetch(FetchContext context) {
        return context.result().gauge("answer", 42).build();
    }
}
