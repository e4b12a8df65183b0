package io.kurado.rrd;

import java.util.List;

/**
 * What a replay of the journal read, and what it could not.
 *
 * @param records the good records read
 * @param samples the samples they held
 * @param damages what could not be read, in the order of the segments
 */
record JournalReplay(long records, long samples, List<JournalDamage> damages) {
    JournalReplay {
        damages = List.copyOf(damages);
    }

    /** @return the samples known to be lost (a part whose count cannot be told adds none) */
    long samplesLost() {
        return damages.stream().mapToLong(d -> Math.max(0, d.samples())).sum();
    }

    /** @return what was lost, in words, parts separated by "; " (at most ten parts named) */
    String describeLosses() {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (JournalDamage d : damages) {
            if (shown == 10) {
                sb.append("; and ").append(damages.size() - 10).append(" more damaged parts");
                break;
            }
            if (shown++ > 0) {
                sb.append("; ");
            }
            sb.append(d.describe());
        }
        return sb.toString();
    }
}
