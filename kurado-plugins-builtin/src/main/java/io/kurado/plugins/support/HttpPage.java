package io.kurado.plugins.support;

import io.kurado.api.fetch.FetchContext;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP GET of a status page through {@code java.net.http}, bounded by the fetch's deadline
 * (connect, headers and body together), with the original's user agent {@code kurado-plugin}.
 *
 * <p>The request goes to the host's address and port; an explicit {@code Host} header (the third
 * argument of {@code http} and {@code nginx}) needs the JDK's restricted-header switch, which this
 * class turns on for {@code host} when the JVM was started without a choice of its own.
 *
 * @param status the HTTP status code
 * @param body the body, decoded as UTF-8
 * @param server the {@code Server} response header, if sent
 */
public record HttpPage(int status, String body, Optional<String> server) {
    private static final String RESTRICTED = "jdk.httpclient.allowRestrictedHeaders";

    static {
        if (System.getProperty(RESTRICTED) == null) {
            System.setProperty(RESTRICTED, "host");
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Net.CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Validates the fields. */
    public HttpPage {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(server, "server");
    }

    /**
     * Fetches a page and requires a 2xx answer.
     *
     * @param context the fetch; its host's address is where the request goes
     * @param port the port
     * @param path the path and query, starting with {@code /}
     * @param hostHeader the {@code Host} header to send instead of the address
     * @return the page
     * @throws IOException when the server cannot be reached in time or does not answer 2xx; the
     *     message says what happened and where
     * @throws InterruptedException when the thread is interrupted
     */
    public static HttpPage get(FetchContext context, int port, String path, Optional<String> hostHeader)
            throws IOException, InterruptedException {
        String address = context.host().address();
        String where = Net.where(address, port);
        URI uri;
        try {
            String p = path.startsWith("/") ? path : "/" + path;
            uri = new URI("http://" + where + p);
        } catch (URISyntaxException e) {
            throw new IOException("bad path '" + path + "': " + e.getReason(), e);
        }
        Duration left = Duration.ofMillis(Net.millisLeft(context));
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(left).header("User-Agent", "kurado-plugin").GET();
        if (hostHeader.isPresent() && !hostHeader.get().equals(address)) {
            try {
                rb.header("Host", hostHeader.get());
            } catch (IllegalArgumentException e) {
                throw new IOException("cannot send the Host header '" + hostHeader.get()
                        + "': start the JVM with -D" + RESTRICTED + "=host", e);
            }
        }
        CompletableFuture<HttpResponse<String>> f = CLIENT.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> r;
        try {
            r = f.get(left.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("no answer within " + seconds(left) + " from " + where + uri.getRawPath(), e);
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw Net.describe(c instanceof Exception x ? x : new IOException(String.valueOf(c)), where);
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + " answered HTTP " + r.statusCode() + " at " + where);
        }
        return new HttpPage(r.statusCode(), r.body(), r.headers().firstValue("Server"));
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
