package io.kurado.plugins.notify;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A webhook receiver's settings.
 *
 * @param url where to POST
 * @param secret the key of the body's signature, if given in the configuration
 * @param secretFile the file holding it (its first line, read at each send), if given
 * @param timeout how long connecting, then the request, may take
 * @param headers extra headers
 */
record WebhookOptions(URI url, Optional<String> secret, Optional<java.nio.file.Path> secretFile, Duration timeout, Map<String, String> headers) {
    static final Set<String> KNOWN = Set.of("url", "secret", "secret_file", "timeout", "headers");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    WebhookOptions {
        headers = Map.copyOf(headers);
    }

    /**
     * @param s the receiver's settings; what is wrong is left in it
     * @return the options, with defaults where a setting is wrong
     */
    static WebhookOptions read(Settings s) {
        s.onlyKnown(KNOWN);
        URI url = s.httpUrl("url", true).orElse(URI.create("http://invalid/"));
        Optional<String> secret = s.string("secret");
        Optional<java.nio.file.Path> secretFile = s.readableFile("secret_file");
        if (secret.isPresent() && s.string("secret_file").isPresent()) {
            s.problem("secret", "and 'secret_file' are both set; keep one");
        }
        return new WebhookOptions(url, secret, secretFile, s.duration("timeout", DEFAULT_TIMEOUT), s.headers("headers"));
    }

    /**
     * @return the key of the signature, if any: the configured one, or the first line of the
     *     secret file as it is now
     * @throws java.io.IOException when the file cannot be read
     */
    Optional<String> currentSecret() throws java.io.IOException {
        if (secretFile.isPresent()) {
            return Optional.of(Settings.firstLine(secretFile.get()));
        }
        return secret;
    }

    /** @return the address without its path, which may hold a token */
    String shownUrl() {
        return shown(url);
    }

    static String shown(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null || url.getRawPath().length() <= 1 ? "" : "/…");
    }

    /** @return the settings without the secret and the headers' values */
    @Override
    public String toString() {
        return "WebhookOptions[url=" + shownUrl() + ", secret=" + (secret.isPresent() ? "(set)" : secretFile.map(p -> "(in " + p + ")").orElse("(none)")) + ", timeout=" + timeout
                + ", headers=" + new java.util.TreeSet<>(headers.keySet()) + "]";
    }
}
