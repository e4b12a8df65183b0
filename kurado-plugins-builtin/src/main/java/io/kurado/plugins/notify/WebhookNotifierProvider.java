package io.kurado.plugins.notify;

import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierConfig;
import io.kurado.api.alert.NotifierProvider;
import java.util.List;

/**
 * Receivers of {@code type: webhook}: a POST of Alertmanager's webhook JSON (version 4) to
 * {@code url}, optionally signed with {@code secret}. Settings:
 *
 * <ul>
 *   <li>{@code url} (required): the http or https address to POST to;
 *   <li>{@code secret}: signs each body, in the header {@code X-Kurado-Signature: sha256=<hex>}
 *       (HMAC-SHA256 of the body with the secret as key), or {@code secret_file}: the file whose
 *       first line is the secret, read at each send;
 *   <li>{@code timeout}: how long connecting, then the request, may take (default {@code 10s});
 *   <li>{@code headers}: extra headers, e.g. {@code Authorization}.
 * </ul>
 *
 * @see WebhookPayload
 */
public final class WebhookNotifierProvider implements NotifierProvider {
    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public List<String> problems(NotifierConfig config) {
        Settings s = new Settings(config, type());
        WebhookOptions.read(s);
        return s.problems();
    }

    @Override
    public Notifier create(NotifierConfig config) {
        Settings s = new Settings(config, type());
        WebhookOptions options = WebhookOptions.read(s);
        s.failOnProblems();
        return new WebhookNotifier(config.name(), options);
    }
}
