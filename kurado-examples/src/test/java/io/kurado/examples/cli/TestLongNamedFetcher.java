package io.kurado.examples.cli;

import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;

/** A fetcher whose id and class name are longer than most, for the layout of {@code plugin list}. */
public final class TestLongNamedFetcher implements MetricsFetcher {
    @Override
    public String id() {
        return "averyveryverylongpluginname";
    }

    @Override
    public FetchResult fetch(FetchContext context) {
        return context.result().gauge("answer", 1).build();
    }
}
