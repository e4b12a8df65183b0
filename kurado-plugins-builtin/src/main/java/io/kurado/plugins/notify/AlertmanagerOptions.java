package io.kurado.plugins.notify;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * An Alertmanager receiver's settings.
 *
 * @param url Alertmanager's address ({@code http://127.0.0.1:9093}), to which {@code /api/v2/alerts}
 *     is added
 * @param timeout how long connecting, then the request, may take
 * @param headers extra headers (an {@code Authorization} of a proxy in front)
 */
record AlertmanagerOptions(URI url, Duration timeout, Map<String, String> headers) {
    static final Set<String> KNOWN = Set.of("url", "timeout", "headers");
    static final String PATH = "/api/v2/alerts";

    AlertmanagerOptions {
        headers = Map.copyOf(headers);
    }

    /**
     * @param s the receiver's settings; what is wrong is left in it
     * @return the options, with defaults where a setting is wrong
     */
    static AlertmanagerOptions read(Settings s) {
        s.onlyKnown(KNOWN);
        URI url = s.httpUrl("url", true).orElse(URI.create("http://invalid/"));
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            s.problem("url", "must be Alertmanager's address without a query, e.g. http://127.0.0.1:9093");
        }
        return new AlertmanagerOptions(url, s.duration("timeout", WebhookOptions.DEFAULT_TIMEOUT), s.headers("headers"));
    }

    /** @return where alerts are POSTed */
    URI alertsUri() {
        String base = url.toString().replaceAll("/+$", "");
        return URI.create(base.endsWith(PATH) ? base : base + PATH);
    }

    /** @return the settings without the headers' values */
    @Override
    public String toString() {
        return "AlertmanagerOptions[url=" + url + ", timeout=" + timeout + ", headers=" + new java.util.TreeSet<>(headers.keySet()) + "]";
    }
}
