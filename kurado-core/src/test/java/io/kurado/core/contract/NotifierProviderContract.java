package io.kurado.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierConfig;
import io.kurado.api.alert.NotifierProvider;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NotifierProvider} promises about a receiver's settings: it is found under its
 * type, names each missing setting, and never repeats a secret in a problem or in its notifier's
 * {@code toString}. A test class of a provider extends this and supplies its settings.
 */
public abstract class NotifierProviderContract {
    /** The receiver's name in every config made here. */
    protected static final String RECEIVER = "contract";

    /** @return the provider under test */
    protected abstract NotifierProvider provider();

    /** @return settings without problems, holding every secret the type takes */
    protected abstract Map<String, Object> validSettings();

    /** @return the secrets among {@link #validSettings()} */
    protected abstract List<String> secrets();

    /** @return the settings that must be set, at least one */
    protected abstract List<String> required();

    /**
     * @param settings a receiver's settings
     * @return them as the provider gets them, for the receiver {@value #RECEIVER}
     */
    protected static NotifierConfig config(Map<String, Object> settings) {
        return new NotifierConfig(RECEIVER, settings, "http://kurado.example.com", InstantSource.system());
    }

    @Test
    void isFoundByServiceLoaderUnderItsTypeOnce() {
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
            assertThat(problems).as("problems of empty settings").anyMatch(p -> p.contains(key));
        }
    }

    @Test
    void problemsNeverRepeatASecret() {
        Map<String, Object> s = new HashMap<>(validSettings());
        s.remove(required().get(0));

        List<String> problems = provider().problems(config(s));
        assertThat(problems).isNotEmpty();
        assertThat(String.join("\n", problems)).doesNotContain(secrets());
    }
}
