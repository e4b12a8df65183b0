package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.alert.NotifierProvider;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerNotifierProviderTest extends BuiltinNotifierContract {
    @Override
    protected NotifierProvider provider() {
        return new AlertmanagerNotifierProvider();
    }

    @Override
    protected Map<String, Object> validSettings() {
        return Map.of("url", "http://127.0.0.1:9093", "headers", Map.of("Authorization", "Basic cHJveHk6c2VjcmV0"));
    }

    @Override
    protected List<String> secrets() {
        return List.of("cHJveHk6c2VjcmV0");
    }

    @Override
    protected List<String> required() {
        return List.of("url");
    }

    @Test
    void alertsArePostedToTheV2ApiUnderTheAddressGiven() {
        for (String url : List.of("http://am:9093", "http://am:9093/", "http://am:9093/api/v2/alerts")) {
            assertThat(AlertmanagerOptions.read(new Settings(config(Map.of("url", url)), "alertmanager")).alertsUri())
                    .isEqualTo(URI.create("http://am:9093/api/v2/alerts"));
        }
        assertThat(AlertmanagerOptions.read(new Settings(config(Map.of("url", "https://proxy/am/")), "alertmanager")).alertsUri())
                .isEqualTo(URI.create("https://proxy/am/api/v2/alerts"));
    }

    @Test
    void firingAlertsAreSentAgainEveryMinute() {
        try (var n = provider().create(config(validSettings()))) {
            assertThat(n.resendEvery()).contains(Duration.ofMinutes(1));
        }
    }
}
