package io.kurado.core.cluster;

import io.kurado.api.KuradoException;
import java.util.List;

/**
 * No node that holds a host's files answered: each was down, unreachable within the deadlines, or
 * refused. The message names them and why, e.g. {@code no node holding 10.0.0.5 answered: node b
 * (http://10.0.0.2:5434/) refused the connection}.
 */
public final class HoldersDownException extends KuradoException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> failures;
    private final transient List<String> down;
    private final transient List<String> refused;

    /**
     * @param address the host
     * @param placement where its files are
     * @param failures why each holder did not answer
     * @param down the ids of the holders that are down (lease expired, unreachable, no answer in time)
     * @param refused the ids of the holders that answered but not with the series (a shard map
     *     that differs, a sign-in refused, busy)
     */
    public HoldersDownException(String address, Placement placement, List<String> failures, List<String> down, List<String> refused) {
        super(placement.holders().isEmpty() ? "no node holds the files of " + address + " (its shard has no owner)"
                : "no node holding " + address + " answered: " + String.join("; ", failures));
        this.failures = List.copyOf(failures);
        this.down = List.copyOf(down);
        this.refused = List.copyOf(refused);
    }

    /** @return why each holder did not answer, one line each */
    public List<String> failures() {
        return failures;
    }

    /** @return the ids of the holders that are down */
    public List<String> down() {
        return down;
    }

    /** @return the ids of the holders that answered, but not with the series */
    public List<String> refused() {
        return refused;
    }
}
