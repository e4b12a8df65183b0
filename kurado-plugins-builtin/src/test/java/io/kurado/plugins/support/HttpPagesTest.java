package io.kurado.plugins.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.FakeHttpServer;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.plugins.gaurun.GaurunFetcher;
import io.kurado.plugins.goapp.GoappFetcher;
import io.kurado.plugins.http.HttpFetcher;
import io.kurado.plugins.jolokia.JolokiaFetcher;
import io.kurado.plugins.nginx.NginxFetcher;
import io.kurado.plugins.opcache.OpcacheFetcher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HTTP plugins leave the JVM as they found it: no system property set, no thread left after close. */
class HttpPagesTest {
    @Test
    void theHttpPluginsSendAHostHeaderWithoutSettingAnySystemProperty() {
        try (FakeHttpServer apache = FakeHttpServer.start(); HttpFetcher http = new HttpFetcher()) {
            apache.respond("/server-status?auto", 200, "BusyWorkers: 1\nIdleWorkers: 2\n");
            for (MetricsFetcher f : List.of(http, new NginxFetcher(), new GoappFetcher(), new GaurunFetcher(),
                    new JolokiaFetcher(), new OpcacheFetcher())) {
                assertThat(f.id()).isNotEmpty();
            }
            PluginTestKit.fetcher(http).address(apache.address())
                    .arguments(Integer.toString(apache.port()), "", "www.example.com").run().assertSucceeded();

            assertThat(apache.requests()).singleElement().satisfies(r -> assertThat(r.host()).isEqualTo("www.example.com"));
            assertThat(System.getProperty("jdk.httpclient.allowRestrictedHeaders")).isNull();
            assertThat(System.getProperty("jdk.httpclient.keepalive.timeout")).isNull();
        }
    }

    @Test
    void noThreadOfAFetcherIsLeftAfterItCloses() throws Exception {
        try (FakeHttpServer nginx = FakeHttpServer.start()) {
            nginx.respond("/nginx_status", 200, "Active connections: 1\nserver accepts handled requests\n 1 2 3\n"
                    + "Reading: 0 Writing: 1 Waiting: 0\n");
            List<String> before = httpThreads(); // those of fetchers other tests did not close
            NginxFetcher fetcher = new NginxFetcher();
            PluginTestKit.fetcher(fetcher).address(nginx.address()).arguments(Integer.toString(nginx.port())).run()
                    .assertSucceeded();
            assertThat(httpThreads()).as("threads while the fetcher is open").hasSizeGreaterThan(before.size());
            fetcher.close();
            Await.until("the fetcher's threads end", () -> before.containsAll(httpThreads()));
        }
    }

    @Test
    void readsChunkedAndLengthDelimitedAnswers() throws Exception {
        byte[] chunked = ("HTTP/1.1 200 OK\r\nServer: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(HttpAnswer.parse(chunked, false)).hasValueSatisfying(a -> {
            assertThat(a.body()).isEqualTo("hello world");
            assertThat(a.header("server")).hasValue("x");
        });
        assertThat(HttpAnswer.parse(java.util.Arrays.copyOf(chunked, chunked.length - 5), false)).isEmpty();
        byte[] sized = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 404 Not Found\r\nContent-Length: 2\r\n\r\nno"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(HttpAnswer.parse(sized, false).map(HttpAnswer::status)).isEqualTo(Optional.of(404));
        byte[] toEnd = "HTTP/1.0 200 OK\r\n\r\nall of it".getBytes(StandardCharsets.US_ASCII);
        assertThat(HttpAnswer.parse(toEnd, false)).isEmpty();
        assertThat(HttpAnswer.parse(toEnd, true).map(HttpAnswer::body)).hasValue("all of it");
    }

    private static List<String> httpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("kurado-http")).toList();
    }
}
