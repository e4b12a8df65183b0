/**
 * The plugin test harness: run a {@link io.kurado.api.fetch.MetricsFetcher} or a
 * {@link io.kurado.api.view.MetricsViewer} in isolation, check that a viewer's graphs draw what a
 * fetcher produces, draw every graph from synthetic data, and fake the servers plugins talk to.
 * Plain Java, no test framework: failures of checks are {@link java.lang.AssertionError}s, so any
 * test framework reports them.
 *
 * <pre>{@code
 * try (FakeHttpServer server = FakeHttpServer.start()) {
 *     server.respond("/server-status", 200, "BusyWorkers: 3\nIdleWorkers: 7\n");
 *     FetchRun run = PluginTestKit.fetcher("http")
 *             .address("127.0.0.1").arguments(server.port() + "", "/server-status")
 *             .run();
 *     run.assertSucceeded();
 *     assert run.value("busy.gauge") == 3;
 *     PluginTestKit.check("http").afterFetch(run).run().assertPassed();
 * }
 * }</pre>
 */
package io.kurado.core.testkit;
