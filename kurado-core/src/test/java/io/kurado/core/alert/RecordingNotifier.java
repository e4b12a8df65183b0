package io.kurado.core.alert;

import io.kurado.api.alert.Notification;
import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A notifier that keeps what it is sent, and fails as often as it is told to. */
public final class RecordingNotifier implements Notifier {
    /** What it was sent, in order. */
    public final List<Notification> sent = new ArrayList<>();
    /** How many sends fail from now on, before one succeeds. */
    public int failures;
    /** Whether those failures may succeed when sent again. */
    public boolean retryable = true;
    /** How many sends were tried. */
    public int attempts;
    /** What {@link #resendEvery()} says. */
    public Optional<Duration> resendEvery = Optional.empty();

    @Override
    public synchronized void send(Notification notification) throws NotifierException {
        attempts++;
        if (failures > 0) {
            failures--;
            throw new NotifierException("receiver said 503", retryable);
        }
        sent.add(notification);
    }

    @Override
    public Optional<Duration> resendEvery() {
        return resendEvery;
    }

    /** @return the notifications of one kind */
    public synchronized List<Notification> of(Notification.Kind kind) {
        return sent.stream().filter(n -> n.kind() == kind).toList();
    }
}
