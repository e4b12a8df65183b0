package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierConfig;
import io.kurado.api.alert.NotifierProvider;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** What every built-in notifier provider does with its settings. */
abstract class NotifierProviderContract {
    /** @return the provider under test */
    abstract NotifierProvider provider();

    /** @return settings without problems, holding every secret the type takes */
    abstract Map<String, Object> validSettings();

    /** @return the secrets among {@link #validSettings()} */
    abstract List<String> secrets();

    /** @return the settings that must be set */
    abstract List<String> required();

    static NotifierConfig config(Map<String, Object> settings) {
        return new NotifierConfig("ops", settings, "http://kurado.example.com", InstantSource.system());
    }

    @Test
    void isFoundByServiceLoaderUnderItsType() {
        assertThat(ServiceLoader.load(NotifierProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals(provider().type()))).hasSize(1).allMatch(p -> p.getClass() == provider().getClass());
    }

    @Test
    void validSettingsHaveNoProblemsAndMakeANotifierThatHidesItsSecrets() {
        assertThat(provider().problems(config(validSettings()))).isEmpty();
        try (Notifier n = provider().create(config(validSettings()))) {
            assertThat(n.toString()).doesNotContain(secrets());
        }
    }

    @Test
    void eachMissingRequiredSettingIsNamed() {
        List<String> problems = provider().problems(config(Map.of()));

        for (String key : required()) {
            assertThat(problems).as("problems of empty settings").anyMatch(p -> p.contains("'" + key + "'") && p.contains("receiver 'ops'"));
        }
    }

    @Test
    void aMistypedSettingIsNamedWithTheNearestKnownOne() {
        Map<String, Object> s = new HashMap<>(validSettings());
        String key = required().get(0);
        s.put(key + "x", s.remove(key));

        assertThat(provider().problems(config(s))).anyMatch(p -> p.contains("unknown setting '" + key + "x'") && p.contains("did you mean '" + key + "'"));
    }

    @Test
    void settingsKuradoReadsItselfAreNotProblems() {
        Map<String, Object> s = new HashMap<>(validSettings());
        s.put("type", provider().type());
        s.put("name", "ops");

        assertThat(provider().problems(config(s))).isEmpty();
    }

    @Test
    void problemsNeverRepeatASecretEvenWhenAnotherSettingIsWrong() {
        Map<String, Object> s = new HashMap<>(validSettings());
        s.put("timeout", "soon");

        List<String> problems = provider().problems(config(s));
        assertThat(problems).anyMatch(p -> p.contains("'timeout'") && p.contains("soon"));
        assertThat(String.join("\n", problems)).doesNotContain(secrets());
    }

    @Test
    void createRefusesSettingsWithProblems() {
        assertThatThrownBy(() -> provider().create(config(Map.of()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + required().get(0) + "'");
    }
}
