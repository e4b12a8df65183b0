package io.kurado.core.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kurado.api.KuradoException;
import io.kurado.api.alert.Alert;
import io.kurado.api.alert.Notification;
import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierException;
import io.kurado.api.meta.MetaStore;
import io.kurado.core.config.AlertsConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns evaluations into notifications, as Alertmanager and Nagios do, with everything it decides
 * kept in the meta store's state so that a restart or another server carries on without forgetting
 * or repeating:
 * <ul>
 *   <li><b>pending, firing, resolved</b>: a finding fires once it has lasted its {@code for}, and a
 *       firing alert resolves once it has been absent for its {@code recover_for};
 *   <li><b>flapping</b>: over the last 21 evaluations ({@link Flapping}); a flapping alert sends one
 *       {@link Notification.Kind#FLAPPING} and, once stable, one {@link Notification.Kind#STABLE},
 *       and nothing in between;
 *   <li><b>held back</b>: the alerts of a host that is down, and host-down alerts while Kurado cannot
 *       see its hosts, keep the state they had; so do silenced ones, which are not notified;
 *   <li><b>grouping</b>: per receiver, alerts with the same values of the grouping labels go in one
 *       notification, after the group wait, then at most every group interval when something
 *       changed, and again every repeat interval (or the notifier's {@link Notifier#resendEvery()})
 *       while they fire;
 *   <li><b>delivery</b>: notifications wait in an outbox until delivered, sent again with back-off
 *       from 1 s to 5 min; one the receiver refuses is logged once and dropped.
 * </ul>
 * State namespaces: {@code alerts} (one field per alert), {@code alerts-groups} (per receiver and
 * group), {@code alerts-outbox} (per notification), {@code alerts-silences}.
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class AlertEngine {
    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    /** Namespace of the alerts' state. */
    public static final String ALERTS = "alerts";
    /** Namespace of the groups' state. */
    public static final String GROUPS = "alerts-groups";
    /** Namespace of the notifications waiting for delivery. */
    public static final String OUTBOX = "alerts-outbox";
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofMinutes(5);

    private final MetaStore store;
    private final Map<String, Notifier> receivers;
    private final AlertsConfig settings;
    private final String externalUrl;
    private final InstantSource clock;
    private final Silences silences;

    private final Map<String, Tracked> alerts = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, JsonNode> outbox = new TreeMap<>();
    private final Map<String, String> savedAlerts = new HashMap<>();
    private final Map<String, String> savedGroups = new HashMap<>();
    private final Sender sender;
    private final Set<String> inFlight = new HashSet<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<Result> results = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Set<String> unsavedOutbox = new java.util.LinkedHashSet<>();
    private final Set<String> unsavedOutboxRemovals = new HashSet<>();
    private List<Silences.Silence> lastSilences = List.of();
    private long sequence;
    private boolean storeFailing;
    private boolean loaded;

    /**
     * @param store where the state is kept
     * @param receivers the notifier of each receiver, by name
     * @param settings the grouping intervals and labels
     * @param externalUrl the web UI's address, for links
     * @param clock the clock
     */
    public AlertEngine(MetaStore store, Map<String, Notifier> receivers, AlertsConfig settings, String externalUrl,
            InstantSource clock) {
        this(store, receivers, settings, externalUrl, clock, (receiver, send) -> send.run());
    }

    /** Where sends to a receiver run: one thread per receiver, so that a slow one delays no other. */
    @FunctionalInterface
    public interface Sender {
        /**
         * @param receiver the receiver's name
         * @param send what sends to it
         */
        void submit(String receiver, Runnable send);
    }

    /**
     * @param store where the state is kept
     * @param receivers the notifier of each receiver, by name
     * @param settings the grouping intervals and labels
     * @param externalUrl the web UI's address, for links
     * @param clock the clock
     * @param sender runs the sends; their results are taken at the next {@link #deliver()}
     */
    public AlertEngine(MetaStore store, Map<String, Notifier> receivers, AlertsConfig settings, String externalUrl,
            InstantSource clock, Sender sender) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.store = Objects.requireNonNull(store, "store");
        this.receivers = Map.copyOf(receivers);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.externalUrl = Objects.requireNonNull(externalUrl, "externalUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.silences = new Silences(store, clock);
    }

    /**
     * Reads the state another server or an earlier process left.
     *
     * @throws KuradoException when the meta store cannot be read
     */
    public void load() {
        Map<String, String> a = store.readState(ALERTS);
        Map<String, String> g = store.readState(GROUPS);
        Map<String, String> o = store.readState(OUTBOX);
        alerts.clear();
        savedAlerts.clear();
        a.forEach((id, json) -> {
            try {
                alerts.put(id, Tracked.from(AlertJson.read(json)));
                savedAlerts.put(id, json);
            } catch (RuntimeException e) {
                log.warn("Dropping the unreadable state of alert {}: {}", id, e.getMessage());
            }
        });
        groups.clear();
        savedGroups.clear();
        g.forEach((key, json) -> {
            try {
                groups.put(key, Group.from(AlertJson.read(json)));
                savedGroups.put(key, json);
            } catch (RuntimeException e) {
                log.warn("Dropping the unreadable state of alert group {}: {}", key, e.getMessage());
            }
        });
        outbox.clear(); // sends in flight stay so: their results are taken when they finish
        unsavedOutbox.clear();
        unsavedOutboxRemovals.clear();
        o.forEach((id, json) -> {
            try {
                outbox.put(id, AlertJson.read(json));
            } catch (RuntimeException e) {
                log.warn("Dropping an unreadable notification {}: {}", id, e.getMessage());
            }
        });
        loaded = true;
    }

    /**
     * Takes one evaluation's findings: moves each alert between pending, firing and resolved, detects
     * flapping, and brings the receivers' groups up to date; then saves the state.
     *
     * @param evaluation what the evaluation found
     */
    public void evaluate(Evaluation evaluation) {
        if (!loaded) {
            try {
                load();
            } catch (RuntimeException e) {
                // the meta store cannot be read (Redis is down): go on from nothing, so that this is said
                log.warn("Cannot read the alerts' state; evaluating from what this server knows: {}", e.getMessage());
                loaded = true;
            }
        }
        Instant now = clock.instant();
        long t = now.toEpochMilli();
        Map<String, Finding> found = new HashMap<>();
        for (Finding f : evaluation.findings()) {
            found.putIfAbsent(f.id(), f);
        }
        Set<String> held = new HashSet<>();
        for (Tracked a : alerts.values()) {
            if (isHeld(a.labels, evaluation) || evaluation.unknown().contains(a.id)) {
                held.add(a.id);
            }
        }
        for (Finding f : found.values()) {
            if (!alerts.containsKey(f.id()) && !isHeld(f.labels(), evaluation)) {
                alerts.put(f.id(), Tracked.pending(f, t));
            }
        }
        List<Map.Entry<Notification.Kind, Alert>> flapNotes = new ArrayList<>();
        for (java.util.Iterator<Tracked> it = alerts.values().iterator(); it.hasNext();) {
            Tracked a = it.next();
            if (held.contains(a.id)) {
                continue;
            }
            Finding f = found.get(a.id);
            boolean problem = f != null;
            a.history = Flapping.add(a.history, problem);
            a.count = Math.min(Flapping.HISTORY, a.count + 1);
            if (problem) {
                a.severity = f.severity();
                a.value = f.value();
                a.summary = f.summary();
                a.forMs = f.forDuration().toMillis();
                a.recoverMs = f.recoverFor().toMillis();
                a.okSince = 0;
                if (a.since == 0) {
                    a.since = t;
                }
                if (a.firingSince == 0 && t - a.since >= a.forMs) {
                    a.firingSince = t;
                }
            } else {
                if (a.firingSince == 0) {
                    a.since = 0;
                } else if (a.okSince == 0) {
                    a.okSince = t;
                }
                if (a.firingSince != 0 && t - a.okSince >= a.recoverMs) {
                    a.firingSince = 0;
                    a.okSince = 0;
                    a.since = 0; // resolved: if it comes back, its 'for' counts from then
                }
            }
            double change = Flapping.percentChange(a.history, a.count);
            if (!a.flapping && change >= Flapping.START_PERCENT) {
                a.flapping = true;
                log.info("Alert {} is flapping ({} % of changes); its changes are held back until it is stable", a.describe(),
                        Math.round(change));
                flapNotes.add(Map.entry(Notification.Kind.FLAPPING, a.toAlert(now, externalUrl)));
            } else if (a.flapping && change <= Flapping.STOP_PERCENT) {
                a.flapping = false;
                log.info("Alert {} is stable again", a.describe());
                flapNotes.add(Map.entry(Notification.Kind.STABLE, a.toAlert(now, externalUrl)));
            }
            if (!a.flapping) {
                a.published = a.firingSince != 0 ? a.severity : "";
                a.publishedSince = a.firingSince;
            }
            if (a.firingSince == 0 && a.since == 0 && a.published.isEmpty() && !a.flapping && a.history == 0) {
                it.remove();
            }
        }
        List<Silences.Silence> silenced = flapNotes.isEmpty() ? List.of() : silences();
        for (Map.Entry<Notification.Kind, Alert> note : flapNotes) {
            Alert alert = note.getValue();
            if (silenced.stream().anyMatch(x -> x.matches(alert.labels()))) {
                continue;
            }
            for (String receiver : receivers.keySet()) {
                Map<String, String> gl = groupLabels(alert.labels());
                enqueue(new Notification(receiver, note.getKey(), groupKey(receiver, gl), gl, alert.labels(),
                        alert.annotations(), List.of(alert), externalUrl, now));
            }
        }
        reconcileGroups(now);
        save();
    }

    private static boolean isHeld(Map<String, String> labels, Evaluation e) {
        String name = labels.getOrDefault("alertname", "");
        if (e.blind()) {
            return !name.equals(Conditions.BLIND);
        }
        return !name.equals(Conditions.HOST_DOWN) && e.downHosts().contains(labels.getOrDefault("host", ""));
    }

    /** Puts every published firing alert into its group of each receiver, and resolves those no longer firing. */
    private void reconcileGroups(Instant now) {
        Map<String, Alert> firing = new LinkedHashMap<>();
        Set<String> silenced = new HashSet<>();
        List<Silences.Silence> active = silences();
        for (Tracked a : alerts.values()) {
            if (a.published.isEmpty()) {
                continue;
            }
            Alert alert = a.toAlert(now, externalUrl);
            if (active.stream().anyMatch(s -> s.matches(alert.labels()))) {
                silenced.add(alert.fingerprint());
            } else {
                firing.put(alert.fingerprint(), alert);
            }
        }
        for (String receiver : receivers.keySet()) {
            for (Alert alert : firing.values()) {
                Map<String, String> gl = groupLabels(alert.labels());
                String key = groupKey(receiver, gl);
                Group g = groups.computeIfAbsent(key, k -> new Group(receiver, gl, now.toEpochMilli()));
                g.alerts.put(alert.fingerprint(), alert);
            }
        }
        for (Group g : groups.values()) {
            for (Map.Entry<String, Alert> e : new ArrayList<>(g.alerts.entrySet())) {
                Alert a = e.getValue();
                if (a.status() == Alert.Status.FIRING && !firing.containsKey(e.getKey())) {
                    if (silenced.contains(e.getKey()) || !g.notified.contains(e.getKey())) {
                        g.alerts.remove(e.getKey()); // silenced, or resolved before anyone was told it fired
                    } else {
                        g.alerts.put(e.getKey(), new Alert(a.labels(), a.annotations(), Alert.Status.RESOLVED, a.startsAt(),
                                Optional.of(now), a.generatorUrl()));
                    }
                }
            }
        }
    }

    private List<Silences.Silence> silences() {
        try {
            lastSilences = silences.active();
        } catch (RuntimeException e) {
            // the meta store cannot be read: the silences known last
        }
        return lastSilences;
    }

    /**
     * Sends the groups whose time has come to the outbox: a new group after its wait, a changed one
     * after its interval, one still firing after its repeat interval.
     */
    public void flush() {
        Instant now = clock.instant();
        long t = now.toEpochMilli();
        boolean changedAny = false;
        for (java.util.Iterator<Map.Entry<String, Group>> it = groups.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Group> e = it.next();
            Group g = e.getValue();
            Notifier notifier = receivers.get(g.receiver);
            if (notifier == null) {
                it.remove(); // the receiver left the configuration
                changedAny = true;
                continue;
            }
            List<Alert> firingNow = g.alerts.values().stream().filter(a -> a.status() == Alert.Status.FIRING).toList();
            Set<String> firingIds = new HashSet<>();
            firingNow.forEach(a -> firingIds.add(a.fingerprint()));
            boolean resolvedAny = g.alerts.values().stream().anyMatch(a -> a.status() == Alert.Status.RESOLVED);
            boolean changed = resolvedAny || !firingIds.equals(g.notified);
            long repeat = settings.repeatInterval().toMillis();
            Optional<Duration> every = notifier.resendEvery();
            if (every.isPresent() && every.get().toMillis() > 0) {
                repeat = Math.min(repeat, every.get().toMillis());
            }
            boolean due = g.lastNotified == 0 ? t >= g.createdAt + settings.groupWait().toMillis()
                    : changed && t >= g.lastNotified + settings.groupInterval().toMillis()
                            || !firingNow.isEmpty() && t >= g.lastNotified + repeat;
            if (!due) {
                continue;
            }
            changedAny = true;
            if (!g.alerts.isEmpty()) {
                List<Alert> list = new ArrayList<>(g.alerts.values());
                list.sort(Comparator.comparing((Alert a) -> a.status() == Alert.Status.FIRING ? 0 : 1)
                        .thenComparing(a -> a.labels().getOrDefault("host", ""))
                        .thenComparing(Alert::fingerprint));
                enqueue(new Notification(g.receiver, Notification.Kind.ALERTS, e.getKey(), g.groupLabels,
                        common(list, true), common(list, false), list, externalUrl, now));
            }
            g.notified = firingIds;
            g.lastNotified = t;
            g.alerts.values().removeIf(a -> a.status() == Alert.Status.RESOLVED);
            if (g.alerts.isEmpty()) {
                it.remove();
            }
        }
        if (changedAny) {
            save();
        }
    }

    private static Map<String, String> common(List<Alert> alerts, boolean labels) {
        Map<String, String> out = new TreeMap<>(labels ? alerts.get(0).labels() : alerts.get(0).annotations());
        for (Alert a : alerts) {
            Map<String, String> m = labels ? a.labels() : a.annotations();
            out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return out;
    }

    /**
     * Sends the notifications of the outbox whose time has come, through the sender; each that
     * fails and may succeed later waits twice as long as before, from 1 s to 5 min.
     *
     * @return how many were delivered (of those whose sends finished since the last call)
     */
    public int deliver() {
        Instant now = clock.instant();
        int delivered = applyResults(now);
        for (Map.Entry<String, JsonNode> e : new ArrayList<>(outbox.entrySet())) {
            ObjectNode entry = (ObjectNode) e.getValue();
            if (entry.path("next").asLong(0) > now.toEpochMilli() || inFlight.contains(e.getKey())) {
                continue;
            }
            Notification n;
            try {
                n = AlertJson.notification(entry.get("notification"));
            } catch (RuntimeException ex) {
                log.warn("Dropping an unreadable notification {}: {}", e.getKey(), ex.getMessage());
                drop(e.getKey());
                continue;
            }
            Notifier notifier = receivers.get(n.receiver());
            if (notifier == null) {
                log.warn("Dropping a notification to receiver '{}', which is no longer configured", n.receiver());
                drop(e.getKey());
                continue;
            }
            String id = e.getKey();
            inFlight.add(id);
            try {
                sender.submit(n.receiver(), () -> {
                    Exception failure = null;
                    try {
                        notifier.send(n);
                    } catch (NotifierException | RuntimeException ex) {
                        failure = ex;
                    }
                    results.add(new Result(id, n, failure));
                });
            } catch (RuntimeException ex) { // the sender is closing: try again later
                inFlight.remove(id);
            }
        }
        delivered += applyResults(now);
        saveOutbox();
        return delivered;
    }

    /**
     * Takes the results of the sends that finished and writes the outbox, without sending anything:
     * what was delivered is then known to be, and a restart does not send it again.
     */
    public void settle() {
        applyResults(clock.instant());
        saveOutbox();
    }

    /** What a send came to. */
    private record Result(String id, Notification notification, Exception failure) {}

    /** Takes the results of the sends that finished: removes what was delivered, schedules or drops what failed. */
    private int applyResults(Instant now) {
        int delivered = 0;
        for (Result r; (r = results.poll()) != null;) {
            inFlight.remove(r.id());
            ObjectNode entry = (ObjectNode) outbox.get(r.id());
            if (entry == null) {
                continue; // the state was reloaded meanwhile
            }
            Notification n = r.notification();
            if (r.failure() == null) {
                delivered++;
                drop(r.id());
                continue;
            }
            Exception ex = r.failure();
            boolean retry = !(ex instanceof NotifierException ne) || ne.retryable();
            int attempts = entry.path("attempts").asInt(0) + 1;
            if (!retry) {
                log.warn("Receiver '{}' refused a notification about {} alert(s) of {}; it is dropped: {}", n.receiver(),
                        n.alerts().size(), n.groupKey(), ex.getMessage());
                drop(r.id());
                continue;
            }
            long wait = Math.min(LAST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(20, attempts - 1));
            if (attempts == 1) {
                log.warn("Could not deliver a notification to receiver '{}'; trying again with back-off until it is"
                        + " delivered: {}", n.receiver(), ex.getMessage());
            }
            entry.put("attempts", attempts);
            entry.put("next", now.toEpochMilli() + wait);
            entry.put("error", String.valueOf(ex.getMessage()));
            unsavedOutbox.add(r.id());
        }
        return delivered;
    }

    private void drop(String id) {
        outbox.remove(id);
        unsavedOutbox.remove(id);
        unsavedOutboxRemovals.add(id);
    }

    private void enqueue(Notification n) {
        ObjectNode entry = AlertJson.MAPPER.createObjectNode();
        entry.set("notification", AlertJson.notification(n));
        entry.put("attempts", 0);
        entry.put("next", 0);
        String id = String.format("%013d-%s-%04d", n.at().toEpochMilli(), n.receiver(), sequence++ % 10000);
        outbox.put(id, entry);
        unsavedOutbox.add(id);
    }

    private Map<String, String> groupLabels(Map<String, String> labels) {
        Map<String, String> gl = new TreeMap<>();
        for (String l : settings.groupBy()) {
            gl.put(l, labels.getOrDefault(l, ""));
        }
        return gl;
    }

    private static String groupKey(String receiver, Map<String, String> groupLabels) {
        StringBuilder sb = new StringBuilder(receiver).append(":{");
        boolean first = true;
        for (Map.Entry<String, String> e : groupLabels.entrySet()) {
            sb.append(first ? "" : ",").append(e.getKey()).append("=\"").append(e.getValue().replace("\"", "\\\"")).append('"');
            first = false;
        }
        return sb.append('}').toString();
    }

    /** Writes the outbox's changes; what cannot be written now is written at the next call. */
    private void saveOutbox() {
        if (unsavedOutbox.isEmpty() && unsavedOutboxRemovals.isEmpty()) {
            return;
        }
        Map<String, String> put = new HashMap<>();
        for (String id : unsavedOutbox) {
            JsonNode e = outbox.get(id);
            if (e != null) {
                put.put(id, AlertJson.write(e));
            }
        }
        if (writeState(OUTBOX, put, Set.copyOf(unsavedOutboxRemovals))) {
            unsavedOutbox.clear();
            unsavedOutboxRemovals.clear();
        }
    }

    private boolean writeState(String namespace, Map<String, String> put, Set<String> remove) {
        try {
            store.writeState(namespace, put, remove);
            if (storeFailing) {
                storeFailing = false;
                log.info("The alerts' state can be written again");
            }
            return true;
        } catch (RuntimeException e) {
            if (!storeFailing) {
                storeFailing = true;
                log.warn("Cannot write the alerts' state; it is kept in memory and written when the meta store is back: {}",
                        e.getMessage());
            }
            return false;
        }
    }

    private void save() {
        saveOutbox();
        Map<String, String> put = new HashMap<>();
        Set<String> remove = new HashSet<>(savedAlerts.keySet());
        for (Tracked a : alerts.values()) {
            String json = AlertJson.write(a.toJson());
            remove.remove(a.id);
            if (!json.equals(savedAlerts.get(a.id))) {
                put.put(a.id, json);
            }
        }
        if ((!put.isEmpty() || !remove.isEmpty()) && writeState(ALERTS, put, remove)) {
            savedAlerts.keySet().removeAll(remove);
            savedAlerts.putAll(put);
        }
        put = new HashMap<>();
        remove = new HashSet<>(savedGroups.keySet());
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            String json = AlertJson.write(e.getValue().toJson());
            remove.remove(e.getKey());
            if (!json.equals(savedGroups.get(e.getKey()))) {
                put.put(e.getKey(), json);
            }
        }
        if ((!put.isEmpty() || !remove.isEmpty()) && writeState(GROUPS, put, remove)) {
            savedGroups.keySet().removeAll(remove);
            savedGroups.putAll(put);
        }
    }

    /**
     * Reads the alerts the evaluating server keeps in the meta store, for pages on any server.
     *
     * @param store the meta store
     * @param externalUrl the web UI's address, for links
     * @param clock the clock
     * @return the alerts firing and pending
     * @throws io.kurado.api.KuradoException when the meta store cannot be read
     */
    public static List<AlertView> read(MetaStore store, String externalUrl, InstantSource clock) {
        AlertEngine e = new AlertEngine(store, Map.of(), AlertsConfig.NONE, externalUrl, clock);
        store.readState(ALERTS).forEach((id, json) -> {
            try {
                e.alerts.put(id, Tracked.from(AlertJson.read(json)));
            } catch (RuntimeException ex) {
                // unreadable: the evaluating server drops it and logs it
            }
        });
        return e.alerts();
    }

    /** @return the alerts known now, firing and pending, by id */
    public List<AlertView> alerts() {
        Instant now = clock.instant();
        List<AlertView> out = new ArrayList<>();
        for (Tracked a : alerts.values()) {
            if (a.since == 0 && a.firingSince == 0) {
                continue;
            }
            out.add(new AlertView(a.toAlert(now, externalUrl), a.firingSince != 0 ? "firing" : "pending",
                    Instant.ofEpochMilli(a.firingSince != 0 ? a.firingSince : a.since), a.flapping, a.value));
        }
        return out;
    }

    /** @return how many notifications wait for delivery */
    public int waiting() {
        return outbox.size();
    }

    /** The state of one alert. */
    static final class Tracked {
        String id;
        Map<String, String> labels;
        String severity = "warning";
        long since;
        long firingSince;
        long okSince;
        double value = Double.NaN;
        String summary = "";
        long forMs;
        long recoverMs;
        int history;
        int count;
        boolean flapping;
        String published = "";
        long publishedSince;

        static Tracked pending(Finding f, long t) {
            Tracked a = new Tracked();
            a.id = f.id();
            a.labels = f.labels();
            a.severity = f.severity();
            a.since = t;
            return a;
        }

        String describe() {
            return labels.getOrDefault("alertname", "?") + " on " + labels.getOrDefault("hostname", labels.getOrDefault("host", "?"))
                    + (labels.containsKey("instance") ? " (" + labels.get("instance") + ")" : "");
        }

        Alert toAlert(Instant now, String externalUrl) {
            Map<String, String> l = new TreeMap<>(labels);
            String sev = published.isEmpty() ? severity : published;
            l.put("severity", sev);
            Map<String, String> ann = new TreeMap<>();
            ann.put("summary", summary);
            if (!Double.isNaN(value)) {
                ann.put("value", Conditions.format(value));
            }
            String link = labels.containsKey("host") ? externalUrl + "/server?address="
                    + java.net.URLEncoder.encode(labels.get("host"), java.nio.charset.StandardCharsets.UTF_8) : externalUrl + "/alerts";
            ann.put("link", link);
            long start = publishedSince != 0 ? publishedSince : firingSince != 0 ? firingSince : since != 0 ? since : now.toEpochMilli();
            return new Alert(l, ann, Alert.Status.FIRING, Instant.ofEpochMilli(start), Optional.empty(), link);
        }

        ObjectNode toJson() {
            ObjectNode o = AlertJson.MAPPER.createObjectNode();
            o.set("labels", AlertJson.map(labels));
            o.put("severity", severity);
            o.put("since", since);
            o.put("firingSince", firingSince);
            o.put("okSince", okSince);
            if (!Double.isNaN(value)) {
                o.put("value", value);
            }
            o.put("summary", summary);
            o.put("for", forMs);
            o.put("recoverFor", recoverMs);
            o.put("history", history);
            o.put("count", count);
            o.put("flapping", flapping);
            o.put("published", published);
            o.put("publishedSince", publishedSince);
            return o;
        }

        static Tracked from(JsonNode o) {
            Tracked a = new Tracked();
            a.labels = Map.copyOf(AlertJson.map(o.get("labels")));
            a.id = Alert.fingerprint(a.labels);
            a.severity = o.path("severity").asText("warning");
            a.since = o.path("since").asLong();
            a.firingSince = o.path("firingSince").asLong();
            a.okSince = o.path("okSince").asLong();
            a.value = o.has("value") ? o.get("value").asDouble() : Double.NaN;
            a.summary = o.path("summary").asText("");
            a.forMs = o.path("for").asLong();
            a.recoverMs = o.path("recoverFor").asLong();
            a.history = o.path("history").asInt();
            a.count = o.path("count").asInt();
            a.flapping = o.path("flapping").asBoolean();
            a.published = o.path("published").asText("");
            a.publishedSince = o.path("publishedSince").asLong();
            return a;
        }
    }

    /** One receiver's group of alerts. */
    static final class Group {
        final String receiver;
        final Map<String, String> groupLabels;
        final long createdAt;
        long lastNotified;
        Set<String> notified = new HashSet<>();
        final Map<String, Alert> alerts = new TreeMap<>();

        Group(String receiver, Map<String, String> groupLabels, long createdAt) {
            this.receiver = receiver;
            this.groupLabels = groupLabels;
            this.createdAt = createdAt;
        }

        ObjectNode toJson() {
            ObjectNode o = AlertJson.MAPPER.createObjectNode();
            o.put("receiver", receiver);
            o.set("groupLabels", AlertJson.map(groupLabels));
            o.put("createdAt", createdAt);
            o.put("lastNotified", lastNotified);
            var n = o.putArray("notified");
            new java.util.TreeSet<>(notified).forEach(n::add);
            ObjectNode a = o.putObject("alerts");
            alerts.forEach((k, v) -> a.set(k, AlertJson.alert(v)));
            return o;
        }

        static Group from(JsonNode o) {
            Group g = new Group(o.path("receiver").asText(), Map.copyOf(AlertJson.map(o.get("groupLabels"))),
                    o.path("createdAt").asLong());
            g.lastNotified = o.path("lastNotified").asLong();
            o.path("notified").forEach(x -> g.notified.add(x.asText()));
            o.path("alerts").fields().forEachRemaining(e -> g.alerts.put(e.getKey(), AlertJson.alert(e.getValue())));
            return g;
        }
    }
}
