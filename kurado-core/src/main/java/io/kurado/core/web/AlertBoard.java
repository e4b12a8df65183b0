package io.kurado.core.web;

import io.kurado.api.meta.MetaStore;
import io.kurado.core.alert.AlertEngine;
import io.kurado.core.alert.AlertView;
import io.kurado.core.alert.Silences;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * The alerts as the pages see them: read from the meta store's state (whichever server evaluates),
 * at most every 10 seconds, so a page costs no read; and the silences.
 */
final class AlertBoard {
    private static final Duration FRESH = Duration.ofSeconds(10);
    private final MetaStore meta;
    private final Supplier<String> externalUrl;
    private final InstantSource clock;
    private final Silences silences;
    private List<AlertView> cached = List.of();
    private Instant readAt = Instant.MIN;

    AlertBoard(MetaStore meta, Supplier<String> externalUrl, InstantSource clock) {
        this.meta = meta;
        this.externalUrl = externalUrl;
        this.clock = clock;
        this.silences = new Silences(meta, clock);
    }

    /** @return the alerts firing and pending, as of at most 10 s ago; none when the meta store cannot be read */
    synchronized List<AlertView> alerts() {
        Instant now = clock.instant();
        if (now.isAfter(readAt.plus(FRESH)) || now.isBefore(readAt)) {
            try {
                cached = AlertEngine.read(meta, externalUrl.get(), clock);
            } catch (RuntimeException e) {
                cached = List.of();
            }
            readAt = now;
        }
        return cached;
    }

    /** Forgets the alerts read, so the next page reads them again (after a silence changed). */
    synchronized void refresh() {
        readAt = Instant.MIN;
    }

    /** @return how many alerts fire */
    long firing() {
        return alerts().stream().filter(a -> a.state().equals("firing")).count();
    }

    /**
     * @param address a host address
     * @return how many alerts of that host fire
     */
    long firing(String address) {
        return alerts().stream().filter(a -> a.state().equals("firing") && address.equals(a.alert().labels().get("host"))).count();
    }

    /**
     * Writes a badge linking to the alerts page, when any alert fires.
     *
     * @param h where to write it
     * @param firing how many fire
     */
    static void badge(Html h, long firing) {
        if (firing > 0) {
            h.text(" ").el("a", firing + (firing == 1 ? " alert" : " alerts"), "class", "alert-badge", "href",
                    Link.relative("/alerts"), "title", "Alerts firing");
        }
    }

    Silences silences() {
        return silences;
    }
}
