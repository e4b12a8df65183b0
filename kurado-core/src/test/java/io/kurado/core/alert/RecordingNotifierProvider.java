package io.kurado.core.alert;

import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierConfig;
import io.kurado.api.alert.NotifierProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Receivers of type {@code recording} in tests: each receiver's {@link RecordingNotifier}, by name; needs {@code team}. */
public final class RecordingNotifierProvider implements NotifierProvider {
    /** The notifiers made, by receiver name. */
    public static final Map<String, RecordingNotifier> MADE = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "recording";
    }

    @Override
    public List<String> problems(NotifierConfig config) {
        return config.string("team").isPresent() ? List.of() : List.of("'team' is missing");
    }

    @Override
    public Notifier create(NotifierConfig config) {
        return MADE.computeIfAbsent(config.name(), n -> new RecordingNotifier());
    }
}
