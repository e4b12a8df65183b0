package io.kurado.core.cluster;

import java.util.Objects;
import java.util.Optional;

/**
 * One copy of one shard in the {@link ShardMap}: the node that writes its files, and while it moves,
 * the node its files come from.
 *
 * @param shard the shard, from 0
 * @param copy the copy, 0 or (with two replicas) 1; each copy has a queue of its own
 * @param owner the node that writes this copy's files; empty while nobody owns it (its batches wait)
 * @param from while the copy moves: the node that has its files, which the owner copies before it
 *     writes; empty when no move is under way
 * @param released while the copy moves: whether {@code from} has stopped writing it and flushed
 *     its files, so that they can be copied whole
 */
public record ShardSlot(int shard, int copy, Optional<String> owner, Optional<String> from, boolean released) {
    /** Checks the parts. */
    public ShardSlot {
        if (shard < 0 || copy < 0 || copy > 1) {
            throw new IllegalArgumentException("no shard " + shard + " copy " + copy);
        }
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(from, "from");
    }

    /**
     * @param shard the shard
     * @param copy the copy
     * @return a copy nobody owns
     */
    public static ShardSlot unowned(int shard, int copy) {
        return new ShardSlot(shard, copy, Optional.empty(), Optional.empty(), false);
    }

    /** @return whether its files are moving to the owner */
    public boolean moving() {
        return from.isPresent();
    }

    /**
     * @param node a node id
     * @return whether that node owns this copy
     */
    public boolean ownedBy(String node) {
        return owner.isPresent() && owner.get().equals(node);
    }

    /**
     * @param node the new owner
     * @return this copy given to that node with no move (its files start where they are, or anew)
     */
    public ShardSlot ownedAs(String node) {
        return new ShardSlot(shard, copy, Optional.of(node), Optional.empty(), false);
    }

    /**
     * @param node the new owner
     * @param source the node whose files the new owner copies first
     * @param ready whether the source has already stopped writing (or never wrote) this copy
     * @return this copy moving to that node
     */
    public ShardSlot movingTo(String node, String source, boolean ready) {
        return new ShardSlot(shard, copy, Optional.of(node), Optional.of(source), ready);
    }

    /** @return this copy with its source marked as stopped and flushed */
    public ShardSlot withReleased() {
        return new ShardSlot(shard, copy, owner, from, true);
    }

    /** @return this copy with its move finished */
    public ShardSlot settled() {
        return new ShardSlot(shard, copy, owner, Optional.empty(), false);
    }

    /** @return {@code 7} for copy 0 of shard 7, {@code 7b} for its second copy */
    public String label() {
        return copy == 0 ? Integer.toString(shard) : shard + "b";
    }
}
