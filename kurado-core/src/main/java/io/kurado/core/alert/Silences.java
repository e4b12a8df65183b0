package io.kurado.core.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kurado.api.meta.MetaStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Silences: label values an alert must all have to be silenced, until an end time. A silenced alert
 * is not notified; once the silence ends, an alert still firing is notified as new. Kept in the
 * meta store's state ({@code alerts-silences}), so every server sees them.
 */
public final class Silences {
    /** Namespace of the silences. */
    public static final String NAMESPACE = "alerts-silences";
    private final MetaStore store;
    private final InstantSource clock;

    /**
     * One silence.
     *
     * @param id its id
     * @param matchers the label values an alert must all have
     * @param endsAt when it ends
     * @param createdBy who made it
     * @param comment why
     */
    public record Silence(String id, Map<String, String> matchers, Instant endsAt, String createdBy, String comment) {
        /** Validates the fields and copies the map. */
        public Silence {
            Objects.requireNonNull(id, "id");
            matchers = Map.copyOf(matchers);
            if (matchers.isEmpty()) {
                throw new IllegalArgumentException("a silence needs at least one label to match (e.g. host=10.0.0.1)");
            }
            Objects.requireNonNull(endsAt, "endsAt");
            Objects.requireNonNull(createdBy, "createdBy");
            Objects.requireNonNull(comment, "comment");
        }

        /**
         * @param labels an alert's labels
         * @return whether the silence covers it
         */
        public boolean matches(Map<String, String> labels) {
            return matchers.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    /**
     * @param store where silences are kept
     * @param clock the clock that ends them
     */
    public Silences(MetaStore store, InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param matchers the label values to match
     * @param endsAt when it ends, in the future
     * @param createdBy who makes it
     * @param comment why
     * @return the silence made
     */
    public Silence add(Map<String, String> matchers, Instant endsAt, String createdBy, String comment) {
        if (!endsAt.isAfter(clock.instant())) {
            throw new IllegalArgumentException("a silence must end in the future, not at " + endsAt);
        }
        Silence s = new Silence(UUID.randomUUID().toString(), matchers, endsAt, createdBy, comment);
        ObjectNode o = AlertJson.MAPPER.createObjectNode();
        o.set("matchers", AlertJson.map(s.matchers()));
        o.put("endsAt", s.endsAt().toString());
        o.put("createdBy", s.createdBy());
        o.put("comment", s.comment());
        store.writeState(NAMESPACE, Map.of(s.id(), AlertJson.write(o)), Set.of());
        return s;
    }

    /**
     * @param id a silence's id
     * @return whether it existed
     */
    public boolean remove(String id) {
        boolean had = store.readState(NAMESPACE).containsKey(id);
        store.writeState(NAMESPACE, Map.of(), Set.of(id));
        return had;
    }

    /** @return the silences that have not ended; ended ones are removed */
    public List<Silence> active() {
        Instant now = clock.instant();
        List<Silence> out = new ArrayList<>();
        Set<String> ended = new HashSet<>();
        for (Map.Entry<String, String> e : store.readState(NAMESPACE).entrySet()) {
            try {
                JsonNode o = AlertJson.read(e.getValue());
                Silence s = new Silence(e.getKey(), AlertJson.map(o.get("matchers")), Instant.parse(o.path("endsAt").asText()),
                        o.path("createdBy").asText(""), o.path("comment").asText(""));
                if (s.endsAt().isAfter(now)) {
                    out.add(s);
                } else {
                    ended.add(e.getKey());
                }
            } catch (RuntimeException ex) {
                ended.add(e.getKey());
            }
        }
        if (!ended.isEmpty()) {
            store.writeState(NAMESPACE, Map.of(), ended);
        }
        out.sort(java.util.Comparator.comparing(Silence::endsAt));
        return out;
    }
}
