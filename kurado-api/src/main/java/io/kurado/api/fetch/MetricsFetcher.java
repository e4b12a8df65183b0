package io.kurado.api.fetch;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A pull plugin: once a minute, for every host whose roll names this plugin, the fetch workers call
 * {@link #fetch(FetchContext)} and write what it returns.
 *
 * <p>Implementations are stateless, have a public no-argument constructor and are found through
 * {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.kurado.api.fetch.MetricsFetcher}) or handed to the engine's builder.
 * One instance serves every host and thread at once.
 *
 * <p>A fetch that throws, or that runs past its deadline, becomes a {@code warn.command} warning
 * on that host and plugin; it never delays other fetches.
 *
 * <p>The engine calls {@link #fetchAsync(FetchContext, Executor)}, which by default runs
 * {@link #fetch(FetchContext)} on a thread of the fetch pool. A fetcher whose client does not
 * block (such as {@code java.net.http}'s {@code sendAsync}) can override it, so that thousands of
 * fetches waiting on slow servers hold no thread at all.
 *
 * @since 0.1
 */
public interface MetricsFetcher {
    /**
     * @return the plugin name this fetcher serves, as rolls write it ({@code http}, {@code mysql});
     *     stable and unique among the installed fetchers
     */
    String id();

    /**
     * Fetches the current metrics of one host.
     *
     * @param context the host, the plugin arguments, the configuration, the stored meta, a clock
     *     and a deadline
     * @return the samples, meta values and warnings; build it with {@link FetchContext#result()}
     * @throws Exception when the service cannot be read; the message becomes the warning text
     */
    FetchResult fetch(FetchContext context) throws Exception;

    /**
     * @return how long one fetch may take at most, when the plugin wants less than the engine's
     *     default (30 s); empty to take the default
     */
    default Optional<Duration> timeout() {
        return Optional.empty();
    }

    /**
     * Starts a fetch and returns at once. The default runs {@link #fetch(FetchContext)} on the
     * executor; an override must not block the calling thread and must honour the context's
     * deadline as {@code fetch} does.
     *
     * @param context as for {@link #fetch(FetchContext)}
     * @param executor where blocking work may run (the engine's fetch pool)
     * @return completes with the result, or exceptionally with what {@code fetch} would throw
     */
    default CompletionStage<FetchResult> fetchAsync(FetchContext context, Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return fetch(context);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor);
    }
}
