package io.kurado.plugins.notify;

import io.kurado.api.alert.Notification;
import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/** POSTs each notification's alerts to Alertmanager; see {@link AlertmanagerNotifierProvider}. */
final class AlertmanagerNotifier implements Notifier {
    /** How often firing alerts are sent again, well within Alertmanager's default resolve timeout (5 min). */
    static final Duration RESEND_EVERY = Duration.ofMinutes(1);

    private final AlertmanagerOptions options;
    private final InstantSource clock;
    private final JsonPoster poster;

    AlertmanagerNotifier(String name, AlertmanagerOptions options, InstantSource clock) {
        this.options = options;
        this.clock = clock;
        this.poster = new JsonPoster(name, "alertmanager receiver '" + name + "'", options.alertsUri(), options.alertsUri().toString(),
                options.timeout(), options.headers());
    }

    @Override
    public void send(Notification notification) throws NotifierException {
        if (notification.alerts().isEmpty()) {
            return;
        }
        poster.post(AlertmanagerPayload.json(notification, clock.instant(), RESEND_EVERY), Map.of());
    }

    @Override
    public Optional<Duration> resendEvery() {
        return Optional.of(RESEND_EVERY);
    }

    @Override
    public void close() {
        poster.close();
    }

    @Override
    public String toString() {
        return "AlertmanagerNotifier[" + options + "]";
    }
}
