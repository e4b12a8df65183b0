package io.kurado.plugins.notify;

import io.kurado.api.alert.NotifierConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a receiver's settings, collecting what is wrong in words that name the setting. A value that
 * may be a secret (a password, a webhook address with a token in its path, a header) is never
 * repeated in a problem.
 */
final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** The headers {@link java.net.http.HttpClient} sets itself and refuses from a caller. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");
    /** Keys a receiver's settings may carry for Kurado itself rather than for its notifier. */
    private static final Set<String> RECEIVER_KEYS = Set.of("type", "name");

    private final NotifierConfig config;
    private final String where;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param config the receiver's settings
     * @param type the receiver's type, for the problems
     */
    Settings(NotifierConfig config, String type) {
        this.config = config;
        this.where = type + " receiver '" + config.name() + "'";
    }

    /** @return what is wrong so far */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * For {@code create}, which is given settings without problems.
     *
     * @throws IllegalArgumentException naming the problems, when there are
     */
    void failOnProblems() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** @return the receiver's name */
    String name() {
        return config.name();
    }

    void problem(String setting, String what) {
        problems.add(where + ": setting '" + setting + "' " + what);
    }

    /**
     * Reports the settings this type does not know, with the nearest known name.
     *
     * @param known the names it knows
     */
    void onlyKnown(Set<String> known) {
        for (String key : new java.util.TreeSet<>(config.settings().keySet())) {
            if (!known.contains(key) && !RECEIVER_KEYS.contains(key)) {
                String near = nearest(key, known);
                problems.add(where + ": unknown setting '" + key + "'" + (near.isEmpty() ? "" : " (did you mean '" + near + "'?)"));
            }
        }
    }

    private static String nearest(String key, Set<String> known) {
        String best = "";
        int bestDistance = Integer.MAX_VALUE;
        for (String k : new java.util.TreeSet<>(known)) {
            int d = distance(key, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * @param key a setting
     * @return its text, blank counting as unset; a list or map is a problem
     */
    Optional<String> string(String key) {
        Object v = config.settings().get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            problem(key, "must be a single value, not a " + (v instanceof Map ? "map" : "list"));
            return Optional.empty();
        }
        String s = v.toString().strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /**
     * @param key a required setting
     * @return its text, or empty with a problem when it is missing
     */
    String required(String key) {
        Optional<String> s = string(key);
        if (s.isEmpty() && !(config.settings().get(key) instanceof Map) && !(config.settings().get(key) instanceof List)) {
            problem(key, "is required");
        }
        return s.orElse("");
    }

    /**
     * @param key a setting holding an http or https address
     * @param required whether it must be set
     * @return the address, if set and well formed
     */
    Optional<URI> httpUrl(String key, boolean required) {
        Optional<String> s = required ? Optional.of(required(key)).filter(v -> !v.isEmpty()) : string(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(s.get());
        } catch (URISyntaxException e) {
            problem(key, "is not a URL (" + e.getReason() + ")");
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            problem(key, "must start with http:// or https://");
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            problem(key, "has no host name");
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null) {
            problem(key, "must not carry a user and password (give an Authorization header in 'headers' instead)");
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    /**
     * @param key a setting holding the name of a file that must be readable
     * @return the file, if set and readable
     */
    Optional<java.nio.file.Path> readableFile(String key) {
        return string(key).flatMap(f -> {
            try {
                java.nio.file.Path p = java.nio.file.Path.of(f);
                if (!java.nio.file.Files.isReadable(p)) {
                    problem(key, "names a file that cannot be read: " + f);
                }
                return Optional.of(p);
            } catch (java.nio.file.InvalidPathException e) {
                problem(key, "is not a file name: " + f);
                return Optional.empty();
            }
        });
    }

    /**
     * @param file a file holding a secret
     * @return its first line, without the line break
     * @throws java.io.IOException when it cannot be read
     */
    static String firstLine(java.nio.file.Path file) throws java.io.IOException {
        String text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        int eol = text.indexOf('\n');
        return (eol < 0 ? text : text.substring(0, eol)).replace("\r", "");
    }

    /**
     * @param key a setting holding a duration: seconds, or a number with {@code ms}, {@code s},
     *     {@code m} or {@code h}
     * @param otherwise the default
     * @return the duration
     */
    Duration duration(String key, Duration otherwise) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return otherwise;
        }
        Matcher m = DURATION.matcher(s.get());
        if (!m.matches()) {
            problem(key, "must be a duration such as 10s, 500ms or 2m, not '" + s.get() + "'");
            return otherwise;
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            problem(key, "is too long: '" + s.get() + "'");
            return otherwise;
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(Math.min(n, 1_000_000));
            case "h" -> Duration.ofHours(Math.min(n, 100_000));
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
            problem(key, "must be more than 0 and at most 1h, not '" + s.get() + "'");
            return otherwise;
        }
        return d;
    }

    /**
     * @param key a setting holding a port number
     * @param otherwise the default
     * @return the port
     */
    int port(String key, int otherwise) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return otherwise;
        }
        try {
            int p = Integer.parseInt(s.get());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(key, "must be a port number from 1 to 65535, not '" + s.get() + "'");
        return otherwise;
    }

    /**
     * @param key a setting holding one of some words
     * @param words the words, the first being the default
     * @return the word chosen
     */
    String oneOf(String key, List<String> words) {
        Optional<String> s = string(key).map(v -> v.toLowerCase(Locale.ROOT));
        if (s.isEmpty()) {
            return words.get(0);
        }
        if (!words.contains(s.get())) {
            problem(key, "must be one of " + String.join(", ", words) + ", not '" + s.get() + "'");
            return words.get(0);
        }
        return s.get();
    }

    /**
     * @param key a setting holding a list of texts, or a single text
     * @return the texts
     */
    List<String> list(String key) {
        Object v = config.settings().get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof Map) {
            problem(key, "must be a list, not a map");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : v instanceof List<?> l ? l : List.of(v)) {
            if (o instanceof Map || o instanceof List) {
                problem(key, "must be a list of texts");
                return List.of();
            }
            String s = o == null ? "" : o.toString().strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /**
     * @param key a setting holding HTTP headers (name: value); the values are never repeated, as
     *     they often hold credentials
     * @return the headers, in the order given
     */
    Map<String, String> headers(String key) {
        Object v = config.settings().get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            problem(key, "must be a map of header names to values");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey()).strip();
            if (!HEADER_NAME.matcher(name).matches()) {
                problem(key, "has a header name that is not a token: '" + name + "'");
            } else if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                problem(key, "cannot set the header '" + name + "', which the HTTP client sets itself");
            } else if (e.getValue() == null || e.getValue() instanceof Map || e.getValue() instanceof List) {
                problem(key, "needs a single text value for the header '" + name + "'");
            } else if (e.getValue().toString().chars().anyMatch(c -> c == '\r' || c == '\n')) {
                problem(key, "has a line break in the value of the header '" + name + "'");
            } else {
                out.put(name, e.getValue().toString());
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
