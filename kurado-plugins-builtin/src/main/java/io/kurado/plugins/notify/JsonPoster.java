package io.kurado.plugins.notify;

import io.kurado.api.alert.NotifierException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSTs JSON to one address for one receiver, through an {@link HttpClient} of its own whose threads
 * ({@code kurado-notify-<receiver>-N}) end when it is closed. A 2xx answer is a delivery; a 4xx
 * other than 408 and 429 is a refusal that sending again will not change; anything else (5xx, 408,
 * 429, a redirect, which is not followed, a timeout, a refused connection) may pass later.
 */
final class JsonPoster implements AutoCloseable {
    private static final int MAX_ANSWER_SHOWN = 200;

    private final String who;
    private final URI uri;
    private final String shownUri;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final ExecutorService executor;
    private final HttpClient client;

    /**
     * @param receiver the receiver's name, for the threads
     * @param who the receiver in words, for the errors ({@code webhook receiver 'ops'})
     * @param uri where to POST
     * @param shownUri the address as errors show it (without what may be a secret)
     * @param timeout how long connecting, and then the whole request, may take
     * @param headers extra headers
     */
    JsonPoster(String receiver, String who, URI uri, String shownUri, Duration timeout, Map<String, String> headers) {
        this.who = who;
        this.uri = uri;
        this.shownUri = shownUri;
        this.timeout = timeout;
        this.headers = Map.copyOf(headers);
        String prefix = "kurado-notify-" + receiver.replaceAll("[^A-Za-z0-9._-]", "_") + "-";
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, prefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor).build();
    }

    /**
     * @param body the JSON
     * @param extraHeaders headers of this request only (a signature)
     * @throws NotifierException when the receiver did not take it
     */
    void post(byte[] body, Map<String, String> extraHeaders) throws NotifierException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Kurado");
        headers.forEach(b::header);
        extraHeaders.forEach(b::setHeader);
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new NotifierException(who + ": " + shownUri + " did not answer within " + timeout.toMillis() + " ms", true, e);
        } catch (IOException e) {
            throw new NotifierException(who + ": cannot POST to " + shownUri + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotifierException(who + ": interrupted while POSTing to " + shownUri, true, e);
        }
        int status = answer.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        boolean retryable = !(status >= 400 && status < 500) || status == 408 || status == 429;
        String redirect = status >= 300 && status < 400 ? " (a redirect, which is not followed: give the address it names in 'url')" : "";
        throw new NotifierException(who + ": " + shownUri + " answered " + status + redirect + excerpt(answer.body())
                + (retryable ? "" : " (refused: not sent again)"), retryable);
    }

    private static String excerpt(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(": ");
        s.codePoints().limit(MAX_ANSWER_SHOWN).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return sb.append(s.codePointCount(0, s.length()) > MAX_ANSWER_SHOWN ? "…" : "").toString();
    }

    /** Ends the client's threads; on JDK 21 and later, also closes the client. */
    @Override
    public void close() {
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing a client does not fail in a way anyone could act on
            }
        }
        executor.shutdownNow();
    }
}
