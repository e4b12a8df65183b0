package io.kurado.core.web;

import io.kurado.api.graph.GraphWindow;
import io.kurado.api.PluginRef;
import io.kurado.api.line.Excerpt;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Validation of the parameters the pages share, with the original's messages. */
final class Params {
    static final int MAX_ADDRESSES = 500;

    private Params() {}

    /**
     * @param req the request
     * @param name a parameter counting from 1 ({@code page}, {@code section})
     * @return its value, when given
     * @throws WebException (400) when it is not a whole number from 1
     */
    static Optional<Integer> counting(WebRequest req, String name) {
        Optional<String> v = req.param(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= 1) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw WebException.badRequest("'" + name + "' must be a whole number from 1, not '" + v.get() + "'");
    }

    static HostEntry host(WebRequest req, KuradoConfig config) {
        String address = req.param("address").orElseThrow(() -> WebException.badRequest("missing address"));
        return config.host(address).orElseThrow(() -> WebException.notFound("address '" + address + "' is not in the configuration"));
    }

    static List<String> addresses(WebRequest req) {
        List<String> all = req.params("address");
        if (all.isEmpty() || all.size() > MAX_ADDRESSES) {
            throw WebException.badRequest("# of address should be in 1 to " + MAX_ADDRESSES + " (got " + all.size() + ")");
        }
        Set<String> seen = new HashSet<>();
        for (String a : all) {
            if (!seen.add(a)) {
                throw WebException.badRequest("found duplicated address '" + a + "'");
            }
        }
        return all;
    }

    static String term(WebRequest req, List<String> allowed) {
        String t = req.param("term").orElse("day");
        if (!allowed.contains(t)) {
            throw WebException.badRequest("invalid drawing term '" + t + "' (expected one of " + String.join(", ", allowed) + ")");
        }
        return t;
    }

    static Optional<PluginRef> plugin(WebRequest req) {
        Optional<String> id = req.param("plugin_identifier");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PluginRef.parse(id.get()));
        } catch (IllegalArgumentException e) {
            throw WebException.badRequest("invalid plugin_identifier: " + e.getMessage());
        }
    }

    static int width(WebRequest req, int maxWidth) {
        Optional<String> w = req.param("width");
        if (w.isEmpty()) {
            return Math.min(Terms.DEFAULT_WIDTH, maxWidth);
        }
        try {
            int v = Integer.parseInt(w.get());
            if (v > 0 && v <= maxWidth) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw WebException.badRequest("invalid width '" + Excerpt.of(w.get()) + "' (expected 1 to " + maxWidth + ": max_graph_width)");
    }

    /** The custom range with the defaults of pages: the 32 hours up to the current minute. */
    static Range pageRange(WebRequest req, Instant now, ZoneId zone, Duration maxRange) {
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        return range(req, end.minus(Duration.ofHours(32)), end, zone, maxRange);
    }

    /**
     * The range the from/to boxes of a page show: the custom range when the term is custom, else
     * the window of the term on screen, up to the current minute.
     */
    static Range shownRange(String term, Range custom, Instant now, ZoneId zone) {
        if (term.equals("custom")) {
            return custom;
        }
        GraphWindow w = Terms.window(term, now.truncatedTo(ChronoUnit.MINUTES));
        return new Range(w.start(), w.end(), TimeParam.format(w.start(), zone), TimeParam.format(w.end(), zone));
    }

    /** The custom range with the defaults of {@code /graph}: now minus 32 hours to now. */
    static Range graphRange(WebRequest req, Instant now, ZoneId zone, Duration maxRange) {
        return range(req, now.minus(Duration.ofHours(32)), now, zone, maxRange);
    }

    /** Reads a custom range; one longer than {@code maxRange} is refused before anything is drawn. */
    private static Range range(WebRequest req, Instant defFrom, Instant defTo, ZoneId zone, Duration maxRange) {
        Optional<String> f = req.param("from");
        Optional<String> t = req.param("to");
        Instant from = f.map(s -> TimeParam.parse(s, zone).orElseThrow(() -> WebException.badRequest("invalid from date: " + s))).orElse(defFrom);
        Instant to = t.map(s -> TimeParam.parse(s, zone).orElseThrow(() -> WebException.badRequest("invalid to date: " + s))).orElse(defTo);
        String fromText = f.filter(s -> !isEpoch(s)).orElse(TimeParam.format(from, zone));
        String toText = t.filter(s -> !isEpoch(s)).orElse(TimeParam.format(to, zone));
        if (!from.isBefore(to)) {
            throw WebException.badRequest("from(" + fromText + ") is newer than to(" + toText + ")");
        }
        Duration span = Duration.between(from, to);
        if (span.compareTo(maxRange) > 0) {
            throw WebException.badRequest("the range from " + Excerpt.of(fromText) + " to " + Excerpt.of(toText) + " is "
                    + span.toDays() + " days long; the limit is " + maxRange.toDays() + " days (max_graph_days)");
        }
        return new Range(from, to, fromText, toText);
    }

    private static boolean isEpoch(String s) {
        return s.strip().chars().allMatch(Character::isDigit);
    }

    /**
     * A custom range as given (or defaulted).
     *
     * @param from the start
     * @param to the end
     * @param fromText the start as written, for links and the title
     * @param toText the end as written
     */
    record Range(Instant from, Instant to, String fromText, String toText) {
        GraphWindow window() {
            return new GraphWindow("custom", from, to, fromText + " to " + toText);
        }
    }
}
