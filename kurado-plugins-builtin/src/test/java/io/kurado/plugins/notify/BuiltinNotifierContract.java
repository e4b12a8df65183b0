package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.alert.NotifierConfig;
import io.kurado.core.contract.NotifierProviderContract;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the built-in notifier providers do with their settings, beyond what every provider promises:
 * problems name the receiver, mistyped settings get the nearest known name, {@code timeout} is
 * checked, and {@code create} refuses settings with problems.
 */
abstract class BuiltinNotifierContract extends NotifierProviderContract {
    /**
     * @param settings a receiver's settings
     * @return them for the receiver {@code ops}
     */
    protected static NotifierConfig config(Map<String, Object> settings) {
        return new NotifierConfig("ops", settings, "http://kurado.example.com", InstantSource.system());
    }

    @Test
    void eachMissingRequiredSettingIsNamedWithTheReceiver() {
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
