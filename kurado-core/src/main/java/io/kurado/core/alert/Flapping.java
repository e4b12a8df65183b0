package io.kurado.core.alert;

/**
 * Nagios' flap detection: the last {@link #HISTORY} evaluations of an alert (problem or not), and
 * the share of them that changed state, newer changes weighing more (from 0.75 for the oldest to
 * 1.25 for the newest, as Nagios' {@code flapping.c}). An alert starts flapping at
 * {@link #START_PERCENT} or more and stops at {@link #STOP_PERCENT} or less.
 */
public final class Flapping {
    /** How many evaluations are kept. */
    public static final int HISTORY = 21;
    /** The weighted share of changes at which an alert starts flapping. */
    public static final double START_PERCENT = 25;
    /** The weighted share of changes at or under which it stops. */
    public static final double STOP_PERCENT = 20;

    private Flapping() {}

    /**
     * @param bits the history, newest in bit 0
     * @param problem this evaluation's state
     * @return the history with this evaluation added
     */
    public static int add(int bits, boolean problem) {
        return ((bits << 1) | (problem ? 1 : 0)) & ((1 << HISTORY) - 1);
    }

    /**
     * @param bits the history, newest in bit 0
     * @param count how many evaluations it holds
     * @return the weighted share of state changes, in percent
     */
    public static double percentChange(int bits, int count) {
        int n = Math.min(count, HISTORY);
        double changes = 0;
        // pair i compares evaluations i and i+1 (0 the newest); its weight falls from 1.25 to 0.75 with age
        for (int i = 0; i + 1 < n; i++) {
            if (((bits >>> i) & 1) != ((bits >>> (i + 1)) & 1)) {
                int age = HISTORY - 2 - i; // 0 for the oldest pair of a full history
                changes += 0.75 + age * 0.5 / (HISTORY - 2);
            }
        }
        return changes * 100 / (HISTORY - 1);
    }
}
