package io.kurado.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The known word nearest a mistyped one, by the number of letters to add, remove, change or swap
 * with a neighbour ({@code data_dri} → {@code data_dir}, {@code bsae} → {@code base}).
 */
final class DidYouMean {
    private DidYouMean() {}

    /**
     * @param word what was written
     * @param known the words that would have been accepted
     * @return the nearest known word, when it is near enough to be the one meant: one edit for
     *     words of up to four letters, two for longer ones; ties go to the first in sort order
     */
    static Optional<String> nearest(String word, Collection<String> known) {
        String w = word.toLowerCase(Locale.ROOT);
        int limit = w.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(w, k.toLowerCase(Locale.ROOT));
            if (d <= limit && (d < bestDistance || d == bestDistance && k.compareTo(best) < 0)) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best).filter(b -> !b.equals(word));
    }

    /** @return {@code "; did you mean 'x'?"}, or nothing when no known word is near */
    static String hint(String word, Collection<String> known) {
        return nearest(word, known).map(k -> "; did you mean '" + k + "'?").orElse("");
    }

    /** Edits between two words: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
