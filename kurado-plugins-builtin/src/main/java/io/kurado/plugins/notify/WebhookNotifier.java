package io.kurado.plugins.notify;

import io.kurado.api.alert.Notification;
import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** POSTs each notification to a webhook receiver as Alertmanager's webhook JSON; see {@link WebhookNotifierProvider}. */
final class WebhookNotifier implements Notifier {
    private final String name;
    private final WebhookOptions options;
    private final JsonPoster poster;

    WebhookNotifier(String name, WebhookOptions options) {
        this.name = name;
        this.options = options;
        this.poster = new JsonPoster(name, "webhook receiver '" + name + "'", options.url(), options.shownUrl(), options.timeout(),
                options.headers());
    }

    @Override
    public void send(Notification notification) throws NotifierException {
        byte[] body = WebhookPayload.json(notification);
        Optional<String> secret;
        try {
            secret = options.currentSecret();
        } catch (IOException e) {
            throw new NotifierException("webhook receiver '" + name + "': cannot read secret_file " + options.secretFile().orElseThrow() + ": " + e,
                    true, e);
        }
        poster.post(body, secret.map(k -> Map.of(Signature.HEADER, Signature.of(k, body))).orElse(Map.of()));
    }

    @Override
    public void close() {
        poster.close();
    }

    @Override
    public String toString() {
        return "WebhookNotifier[" + options + "]";
    }
}
