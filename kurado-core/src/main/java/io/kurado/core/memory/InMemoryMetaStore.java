package io.kurado.core.memory;

import io.kurado.api.Meta;
import io.kurado.api.PluginRef;
import io.kurado.api.Warning;
import io.kurado.api.meta.MetaRules;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaWrite;
import io.kurado.api.meta.PluginState;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded {@link MetaStore}: the same keys, values and expiries as the Redis one, held in this
 * JVM. Expired entries disappear when read.
 */
public final class InMemoryMetaStore implements MetaStore {
    private final InstantSource clock;
    private final ZoneId zone;
    private final Map<String, Entries> byPlugin = new ConcurrentHashMap<>();
    private final Map<String, Instant> hostWarning = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> state = new ConcurrentHashMap<>();

    /**
     * @param clock the clock that decides expiry
     * @param zone the zone warning times are written in
     */
    public InMemoryMetaStore(InstantSource clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** A store on the system clock and zone. */
    public InMemoryMetaStore() {
        this(InstantSource.system(), ZoneId.systemDefault());
    }

    @Override
    public void write(MetaWrite write) {
        Instant now = clock.instant();
        for (Meta m : write.meta()) {
            entries(m.address(), m.plugin()).meta.put(m.key(), new Expiring(m.value(), now.plus(MetaRules.META_TTL)));
        }
        for (Warning w : write.warnings()) {
            Instant until = now.plus(MetaRules.WARNING_TTL);
            entries(w.address(), w.plugin()).warnings.put(w.key(), new Expiring(MetaRules.warningText(w, zone), until));
            hostWarning.put(w.address(), until);
        }
        Instant received = Instant.ofEpochSecond(write.receivedAt());
        for (MetaWrite.Received r : write.received()) {
            entries(r.address(), r.plugin()).lastReceived = received;
        }
    }

    @Override
    public PluginState read(String address, PluginRef plugin) {
        Entries e = byPlugin.get(key(address, plugin));
        if (e == null) {
            return PluginState.empty();
        }
        Instant now = clock.instant();
        return new PluginState(live(e.meta, now), live(e.warnings, now), Optional.ofNullable(e.lastReceived));
    }

    @Override
    public boolean hasWarning(String address) {
        Instant until = hostWarning.get(address);
        return until != null && until.isAfter(clock.instant());
    }

    @Override
    public Map<String, String> readState(String namespace) {
        Map<String, String> m = state.get(Objects.requireNonNull(namespace, "namespace"));
        return m == null ? Map.of() : Map.copyOf(m);
    }

    @Override
    public void writeState(String namespace, Map<String, String> put, Set<String> remove) {
        Map<String, String> m = state.computeIfAbsent(Objects.requireNonNull(namespace, "namespace"), n -> new ConcurrentHashMap<>());
        m.keySet().removeAll(remove);
        m.putAll(put);
    }

    @Override
    public boolean compareAndSetState(String namespace, String field, Optional<String> expected, String value) {
        Objects.requireNonNull(value, "value");
        Map<String, String> m = state.computeIfAbsent(Objects.requireNonNull(namespace, "namespace"), n -> new ConcurrentHashMap<>());
        if (expected.isEmpty()) {
            return m.putIfAbsent(field, value) == null;
        }
        return m.replace(field, expected.get(), value);
    }

    @Override
    public void close() {
        // nothing to release
    }

    private Entries entries(String address, PluginRef plugin) {
        return byPlugin.computeIfAbsent(key(address, plugin), k -> new Entries());
    }

    private static String key(String address, PluginRef plugin) {
        return address + '/' + plugin.escapedIdentifier();
    }

    private static Map<String, String> live(Map<String, Expiring> map, Instant now) {
        Map<String, String> out = new HashMap<>();
        map.entrySet().removeIf(en -> !en.getValue().until().isAfter(now));
        map.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    private record Expiring(String value, Instant until) {}

    private static final class Entries {
        final Map<String, Expiring> meta = new ConcurrentHashMap<>();
        final Map<String, Expiring> warnings = new ConcurrentHashMap<>();
        volatile Instant lastReceived;
    }
}
