package io.kurado.api.alert;

import java.time.Duration;
import java.util.Optional;

/**
 * Delivers notifications to one receiver. Kurado calls {@link #send} from one thread per receiver;
 * when it throws, the notification is kept (across a restart too) and sent again with back-off
 * until it is delivered or {@linkplain NotifierException#retryable() cannot be}.
 */
public interface Notifier extends AutoCloseable {
    /**
     * @param notification what to deliver
     * @throws NotifierException when it was not delivered, saying why
     */
    void send(Notification notification) throws NotifierException;

    /**
     * @return how often alerts still firing are sent to this receiver again, when it needs them more
     *     often than the configuration's repeat interval (Alertmanager forgets an alert it is not sent
     *     again within its resolve timeout); empty for the configured interval
     */
    default Optional<Duration> resendEvery() {
        return Optional.empty();
    }

    /** Releases what the notifier holds (connections, threads). */
    @Override
    default void close() {}
}
