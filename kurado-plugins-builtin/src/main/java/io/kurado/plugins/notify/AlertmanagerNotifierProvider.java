package io.kurado.plugins.notify;

import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierConfig;
import io.kurado.api.alert.NotifierProvider;
import java.util.List;

/**
 * Receivers of {@code type: alertmanager}: Prometheus Alertmanager, to which each notification's
 * alerts are POSTed ({@code /api/v2/alerts}), firing ones again every minute
 * ({@link io.kurado.api.alert.Notifier#resendEvery()}) so that Alertmanager keeps them until Kurado
 * resolves them. Settings:
 *
 * <ul>
 *   <li>{@code url} (required): Alertmanager's address, e.g. {@code http://127.0.0.1:9093};
 *   <li>{@code timeout}: how long connecting, then the request, may take (default {@code 10s});
 *   <li>{@code headers}: extra headers, e.g. the {@code Authorization} of a proxy in front.
 * </ul>
 *
 * <p>A 4xx answer (Alertmanager refuses the alerts) is not retried; a 5xx, a timeout or a refused
 * connection is.
 *
 * @see AlertmanagerPayload
 */
public final class AlertmanagerNotifierProvider implements NotifierProvider {
    @Override
    public String type() {
        return "alertmanager";
    }

    @Override
    public List<String> problems(NotifierConfig config) {
        Settings s = new Settings(config, type());
        AlertmanagerOptions.read(s);
        return s.problems();
    }

    @Override
    public Notifier create(NotifierConfig config) {
        Settings s = new Settings(config, type());
        AlertmanagerOptions options = AlertmanagerOptions.read(s);
        s.failOnProblems();
        return new AlertmanagerNotifier(config.name(), options, config.clock());
    }
}
