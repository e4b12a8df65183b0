package io.kurado.core.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kurado.api.KuradoException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which node writes each shard's files: for each shard, one copy, or two with {@code replicas: 2},
 * each owned by a node. The number of shards and of copies is fixed when the map is made; the
 * epoch grows by one at each change, and a change is written only over the epoch it was made from
 * ({@link ShardMapStore}), so two nodes or operators never overwrite each other's change.
 *
 * <p>The map changes in three ways only: nodes share out the copies nobody owns
 * ({@link #withUnownedShared}); an operator applies a minimal-move plan ({@link #rebalanced}); an
 * operator moves one copy ({@link #withSlot}). A node that stops or blinks keeps its copies.
 *
 * @param count the number of shards
 * @param replicas how many nodes write each shard's files, 1 or 2
 * @param epoch the version, from 1 for a new map
 * @param slots every copy of every shard, by shard then copy
 */
public record ShardMap(int count, int replicas, long epoch, List<ShardSlot> slots) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks that every copy is there once, in order, and that no node holds both copies of a shard. */
    public ShardMap {
        if (count < 1 || replicas < 1 || replicas > 2) {
            throw new IllegalArgumentException("a shard map has at least one shard and 1 or 2 replicas, not " + count + " and " + replicas);
        }
        slots = List.copyOf(slots);
        if (slots.size() != count * replicas) {
            throw new IllegalArgumentException("a map of " + count + " shards with " + replicas + " replicas has " + count * replicas
                    + " copies, not " + slots.size());
        }
        for (int i = 0; i < slots.size(); i++) {
            ShardSlot s = slots.get(i);
            if (s.shard() != i / replicas || s.copy() != i % replicas) {
                throw new IllegalArgumentException("copy " + i + " of the map is " + s.label() + ", out of order");
            }
        }
        if (replicas == 2) {
            for (int shard = 0; shard < count; shard++) {
                Optional<String> a = slots.get(shard * 2).owner();
                if (a.isPresent() && a.equals(slots.get(shard * 2 + 1).owner())) {
                    throw new IllegalArgumentException("node " + a.get() + " would hold both copies of shard " + shard);
                }
            }
        }
    }

    /**
     * @param count the number of shards
     * @param replicas 1 or 2
     * @return a map at epoch 1 where nobody owns anything yet
     */
    public static ShardMap empty(int count, int replicas) {
        List<ShardSlot> s = new ArrayList<>(count * replicas);
        for (int shard = 0; shard < count; shard++) {
            for (int copy = 0; copy < replicas; copy++) {
                s.add(ShardSlot.unowned(shard, copy));
            }
        }
        return new ShardMap(count, replicas, 1, s);
    }

    /**
     * @param shard a shard
     * @param copy a copy
     * @return that copy
     * @throws IllegalArgumentException when the map has no such shard or copy
     */
    public ShardSlot slot(int shard, int copy) {
        if (shard < 0 || shard >= count) {
            throw new IllegalArgumentException("there is no shard " + shard + ": shards are numbered 0 to " + (count - 1));
        }
        if (copy < 0 || copy >= replicas) {
            throw new IllegalArgumentException("shard " + shard + " has " + replicas + (replicas == 1 ? " copy" : " copies"));
        }
        return slots.get(shard * replicas + copy);
    }

    /**
     * @param shard a shard
     * @return its copies
     */
    public List<ShardSlot> copies(int shard) {
        slot(shard, 0);
        return slots.subList(shard * replicas, shard * replicas + replicas);
    }

    /**
     * @param node a node id
     * @return the copies that node owns
     */
    public List<ShardSlot> slotsOf(String node) {
        return slots.stream().filter(s -> s.ownedBy(node)).toList();
    }

    /** @return the nodes that own any copy, sorted */
    public List<String> owners() {
        return List.copyOf(new TreeSet<>(slots.stream().flatMap(s -> s.owner().stream()).toList()));
    }

    /** @return the copies nobody owns */
    public List<ShardSlot> unowned() {
        return slots.stream().filter(s -> s.owner().isEmpty()).toList();
    }

    /**
     * @param changed a copy as it becomes
     * @return the map with that copy changed, one epoch later
     */
    public ShardMap withSlot(ShardSlot changed) {
        return withSlots(List.of(changed));
    }

    /**
     * @param changed copies as they become
     * @return the map with those copies changed, one epoch later (this map when none changes)
     */
    public ShardMap withSlots(Collection<ShardSlot> changed) {
        List<ShardSlot> s = new ArrayList<>(slots);
        boolean any = false;
        for (ShardSlot c : changed) {
            int i = c.shard() * replicas + c.copy();
            slot(c.shard(), c.copy());
            if (!s.get(i).equals(c)) {
                s.set(i, c);
                any = true;
            }
        }
        return any ? new ShardMap(count, replicas, epoch + 1, s) : this;
    }

    /**
     * Gives every copy nobody owns to the node that owns fewest copies so far, never both copies of
     * a shard to one node; ties go to the node first in name order. Nodes starting together, all
     * with this same list, make the same map whichever of them writes it.
     *
     * @param nodes the nodes that may take copies (the live ones that write files)
     * @return the map with the copies shared out, one epoch later; this map when none could be
     */
    public ShardMap withUnownedShared(Collection<String> nodes) {
        if (nodes.isEmpty() || unowned().isEmpty()) {
            return this;
        }
        Map<String, Integer> load = loads(nodes);
        List<ShardSlot> changed = new ArrayList<>();
        ShardMap m = this;
        for (ShardSlot s : unowned()) {
            Optional<String> to = lightest(load, m, s);
            if (to.isPresent()) {
                ShardSlot c = s.ownedAs(to.get());
                changed.add(c);
                load.merge(to.get(), 1, Integer::sum);
                m = m.withSlotUnchecked(c);
            }
        }
        return withSlots(changed);
    }

    /**
     * A plan that evens out the copies among nodes with the fewest moves: copies nobody owns go to
     * the lightest nodes, and a node holding more than its share gives the excess to nodes holding
     * less. Copies owned by a node not in the list stay where they are (a node that is down keeps
     * its shards). A moved copy names its old owner as the node to copy its files from.
     *
     * @param nodes the nodes to share among (the live ones that write files)
     * @return the map as planned, one epoch later; this map when nothing needs to move
     */
    public ShardMap rebalanced(Collection<String> nodes) {
        if (nodes.isEmpty()) {
            return this;
        }
        List<String> names = List.copyOf(new TreeSet<>(nodes));
        Map<String, Integer> load = loads(names);
        int total = load.values().stream().mapToInt(Integer::intValue).sum()
                + (int) slots.stream().filter(s -> s.owner().isEmpty()).count();
        // the heaviest keep the extra copies, so that fewer move
        List<String> byLoad = new ArrayList<>(names);
        byLoad.sort(Comparator.comparing((String n) -> -load.get(n)).thenComparing(n -> n));
        Map<String, Integer> target = new HashMap<>();
        for (int i = 0; i < byLoad.size(); i++) {
            target.put(byLoad.get(i), total / names.size() + (i < total % names.size() ? 1 : 0));
        }
        ShardMap m = this;
        List<ShardSlot> changed = new ArrayList<>();
        for (ShardSlot s : unowned()) {
            ShardMap sofar = m;
            Optional<String> to = lightestBelow(load, target, sofar, s).or(() -> lightest(load, sofar, s));
            if (to.isPresent()) {
                ShardSlot c = s.ownedAs(to.get());
                load.merge(to.get(), 1, Integer::sum);
                changed.add(c);
                m = m.withSlotUnchecked(c);
            }
        }
        // then one copy at a time from the most loaded node to the least loaded one that may hold it
        boolean moved = true;
        while (moved) {
            moved = false;
            List<String> under = names.stream().filter(n -> load.get(n) < target.get(n))
                    .sorted(Comparator.comparing((String n) -> load.get(n) - target.get(n)).thenComparing(n -> n)).toList();
            List<String> over = names.stream().filter(n -> load.get(n) > target.get(n))
                    .sorted(Comparator.comparing((String n) -> target.get(n) - load.get(n)).thenComparing(n -> n)).toList();
            search:
            for (String u : under) {
                for (String o : over) {
                    List<ShardSlot> held = m.slotsOf(o);
                    for (int i = held.size() - 1; i >= 0; i--) {
                        ShardSlot s = held.get(i);
                        if (s.moving() || m.holdsOtherCopy(u, s)) {
                            continue;
                        }
                        ShardSlot c = s.movingTo(u, o, false);
                        load.merge(u, 1, Integer::sum);
                        load.merge(o, -1, Integer::sum);
                        changed.add(c);
                        m = m.withSlotUnchecked(c);
                        moved = true;
                        break search;
                    }
                }
            }
        }
        return withSlots(changed);
    }

    /**
     * @param other another map of the same shards
     * @return the copies whose owner differs in the other map, as they are there
     */
    public List<ShardSlot> changesTo(ShardMap other) {
        List<ShardSlot> out = new ArrayList<>();
        for (int i = 0; i < Math.min(slots.size(), other.slots.size()); i++) {
            if (!slots.get(i).owner().equals(other.slots.get(i).owner())) {
                out.add(other.slots.get(i));
            }
        }
        return out;
    }

    private Map<String, Integer> loads(Collection<String> nodes) {
        Map<String, Integer> load = new LinkedHashMap<>();
        for (String n : new TreeSet<>(nodes)) {
            load.put(n, slotsOf(n).size());
        }
        return load;
    }

    private static Optional<String> lightest(Map<String, Integer> load, ShardMap m, ShardSlot s) {
        return load.keySet().stream()
                .filter(n -> !m.holdsOtherCopy(n, s))
                .min(Comparator.comparing((String n) -> load.get(n)).thenComparing(n -> n));
    }

    private static Optional<String> lightestBelow(Map<String, Integer> load, Map<String, Integer> target, ShardMap m, ShardSlot s) {
        return load.keySet().stream()
                .filter(n -> load.get(n) < target.get(n) && !m.holdsOtherCopy(n, s))
                .min(Comparator.comparing((String n) -> load.get(n) - target.get(n)).thenComparing(n -> n));
    }

    private boolean holdsOtherCopy(String node, ShardSlot s) {
        for (ShardSlot c : copies(s.shard())) {
            if (c.copy() != s.copy() && c.ownedBy(node)) {
                return true;
            }
        }
        return false;
    }

    private ShardMap withSlotUnchecked(ShardSlot c) {
        List<ShardSlot> s = new ArrayList<>(slots);
        s.set(c.shard() * replicas + c.copy(), c);
        return new ShardMap(count, replicas, epoch, s);
    }

    /** @return the map as the text stored in Redis */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("count", count);
        root.put("replicas", replicas);
        root.put("epoch", epoch);
        ArrayNode a = root.putArray("slots");
        for (ShardSlot s : slots) {
            ObjectNode o = a.addObject();
            s.owner().ifPresent(v -> o.put("owner", v));
            s.from().ifPresent(v -> o.put("from", v));
            if (s.released()) {
                o.put("released", true);
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param text what {@link #toJson()} wrote
     * @return the map
     * @throws KuradoException when the text is not a shard map
     */
    public static ShardMap parse(String text) {
        try {
            JsonNode root = JSON.readTree(Objects.requireNonNull(text, "text"));
            int count = root.path("count").asInt();
            int replicas = root.path("replicas").asInt();
            List<ShardSlot> s = new ArrayList<>();
            JsonNode a = root.path("slots");
            for (int i = 0; i < a.size(); i++) {
                JsonNode o = a.get(i);
                s.add(new ShardSlot(i / Math.max(1, replicas), i % Math.max(1, replicas), text(o, "owner"), text(o, "from"),
                        o.path("released").asBoolean(false)));
            }
            return new ShardMap(count, replicas, root.path("epoch").asLong(), s);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new KuradoException("the shard map in the store cannot be read: " + e.getMessage(), e);
        }
    }

    private static Optional<String> text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    @Override
    public String toString() {
        return "ShardMap[" + count + " shards x" + replicas + ", epoch " + epoch + ", owners " + owners() + "]";
    }
}
