package io.kurado.core.config;

import io.kurado.api.alert.AlertRule;
import io.kurado.api.alert.NotifierConfig;
import io.kurado.api.alert.NotifierProvider;
import io.kurado.core.alert.NotifierProviders;
import io.kurado.core.alert.RpnExpression;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads {@code alerts} of the first document, adding each problem with its file and line. */
final class AlertsReader {
    static final Set<String> KEYS = Set.of("rules", "receivers", "group_by", "group_wait", "group_interval",
            "repeat_interval", "external_url");
    static final Set<String> RULE_KEYS = Set.of("name", "enabled", "hosts", "plugin", "series", "expr", "window", "warning",
            "critical", "direction", "for", "recover_for", "summary");
    static final Set<String> HOSTS_KEYS = Set.of("service", "section", "roll");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)?");
    private static final Pattern WINDOW = Pattern.compile("(avg|min|max|last)\\s+(\\S+)");

    private final Path file;
    private final List<ConfigProblem> problems;
    private final NotifierProviders notifiers;
    private final Predicate<String> pluginExists;
    private final Set<String> pluginNames;

    AlertsReader(Path file, List<ConfigProblem> problems, NotifierProviders notifiers, Predicate<String> pluginExists,
            Set<String> pluginNames) {
        this.file = file;
        this.problems = problems;
        this.notifiers = notifiers;
        this.pluginExists = pluginExists;
        this.pluginNames = pluginNames;
    }

    AlertsConfig read(Node node, Settings settings) {
        if (YamlTree.isNull(node)) {
            return AlertsConfig.NONE;
        }
        if (!(node instanceof MappingNode map)) {
            problem(node, "'alerts' must be a mapping with 'rules' and 'receivers', not " + YamlTree.kind(node));
            return AlertsConfig.NONE;
        }
        Map<String, NodeTuple> e = YamlTree.entries(map);
        unknownKeys(e, KEYS, "'alerts'");
        AlertsConfig d = AlertsConfig.NONE;
        Optional<String> externalUrl = text(e, "external_url");
        String url = externalUrl.orElse(AlertsConfig.defaultExternalUrl(settings));
        List<String> groupBy = d.groupBy();
        if (e.containsKey("group_by")) {
            groupBy = stringList(e.get("group_by").getValueNode(), "group_by");
        }
        Duration wait = duration(e, "group_wait", d.groupWait());
        Duration interval = duration(e, "group_interval", d.groupInterval());
        Duration repeat = duration(e, "repeat_interval", d.repeatInterval());
        List<AlertRuleConfig> rules = new ArrayList<>();
        Set<String> disabled = new LinkedHashSet<>();
        NodeTuple rulesTuple = e.get("rules");
        if (rulesTuple != null && !YamlTree.isNull(rulesTuple.getValueNode())) {
            if (rulesTuple.getValueNode() instanceof SequenceNode seq) {
                Map<String, Integer> seen = new HashMap<>();
                for (Node r : seq.getValue()) {
                    rule(r, seen, disabled).ifPresent(rules::add);
                }
            } else {
                problem(rulesTuple.getValueNode(), "'rules' must be a list of rules, not " + YamlTree.kind(rulesTuple.getValueNode()));
            }
        }
        List<ReceiverConfig> receivers = new ArrayList<>();
        NodeTuple recTuple = e.get("receivers");
        if (recTuple != null && !YamlTree.isNull(recTuple.getValueNode())) {
            if (recTuple.getValueNode() instanceof SequenceNode seq) {
                Map<String, Integer> seen = new HashMap<>();
                for (Node r : seq.getValue()) {
                    receiver(r, seen, url).ifPresent(receivers::add);
                }
            } else {
                problem(recTuple.getValueNode(), "'receivers' must be a list of receivers, not " + YamlTree.kind(recTuple.getValueNode()));
            }
        }
        return new AlertsConfig(rules, disabled, receivers, groupBy, wait, interval, repeat, externalUrl);
    }

    private Optional<AlertRuleConfig> rule(Node node, Map<String, Integer> seen, Set<String> disabled) {
        if (!(node instanceof MappingNode map)) {
            problem(node, "each rule must be a mapping with 'name', 'plugin', 'series', 'expr' and thresholds, not "
                    + YamlTree.kind(node));
            return Optional.empty();
        }
        Map<String, NodeTuple> e = YamlTree.entries(map);
        unknownKeys(e, RULE_KEYS, "a rule");
        Optional<String> name = text(e, "name");
        if (name.isEmpty()) {
            problem(node, "a rule has no 'name'");
            return Optional.empty();
        }
        String n = name.get();
        Integer first = seen.putIfAbsent(n, YamlTree.line(node));
        if (first != null) {
            problem(node, "duplicated rule '" + n + "' (first at line " + first + ")");
            return Optional.empty();
        }
        Optional<Boolean> enabled = bool(e, "enabled");
        if (enabled.isPresent() && !enabled.get()) {
            disabled.add(n);
            return Optional.empty();
        }
        String where = "rule '" + n + "'";
        Optional<String> plugin = text(e, "plugin");
        if (plugin.isEmpty()) {
            problem(node, where + " has no 'plugin' (to switch a default or built-in rule off, write 'enabled: false')");
            return Optional.empty();
        }
        if (!pluginExists.test(plugin.get())) {
            problem(e.get("plugin").getValueNode(), where + ": no plugin '" + plugin.get() + "' is installed"
                    + DidYouMean.hint(plugin.get(), pluginNames));
        }
        Map<String, String> series = new LinkedHashMap<>();
        NodeTuple st = e.get("series");
        if (st == null || !(st.getValueNode() instanceof MappingNode sm)) {
            problem(st == null ? node : st.getValueNode(), where + " needs 'series': a mapping of variable names to metric keys"
                    + " (e.g. used: disk-usage-*-used.gauge)");
            return Optional.empty();
        } else {
            for (Map.Entry<String, NodeTuple> s : YamlTree.entries(sm).entrySet()) {
                Optional<String> key = YamlTree.scalar(s.getValue().getValueNode());
                if (key.isEmpty()) {
                    problem(s.getValue().getValueNode(), where + ": series '" + s.getKey() + "' must be a metric key");
                } else {
                    series.put(s.getKey(), key.get());
                }
            }
        }
        String expr = text(e, "expr").orElse(series.size() == 1 ? series.keySet().iterator().next() : "");
        if (expr.isEmpty()) {
            problem(node, where + " reads several series and needs 'expr', an RPN expression over them");
            return Optional.empty();
        }
        try {
            RpnExpression.compile(expr, List.copyOf(series.keySet()));
        } catch (IllegalArgumentException ex) {
            problem(e.containsKey("expr") ? e.get("expr").getValueNode() : node, where + ": 'expr': " + ex.getMessage());
        }
        AlertRule.Window window = new AlertRule.Window(AlertRule.Aggregate.AVG, Duration.ofMinutes(5));
        Optional<String> w = text(e, "window");
        if (w.isPresent()) {
            Matcher m = WINDOW.matcher(w.get().strip().toLowerCase(Locale.ROOT));
            Optional<Duration> len = m.matches() ? parseDuration(m.group(2)) : Optional.empty();
            if (len.isEmpty() || len.get().compareTo(Duration.ofMinutes(1)) < 0 || len.get().compareTo(Duration.ofDays(1)) > 0) {
                problem(e.get("window").getValueNode(), where + ": 'window' must be avg, min, max or last and a length from 1m"
                        + " to 1d, e.g. 'avg 5m', not '" + w.get() + "'");
            } else {
                window = new AlertRule.Window(AlertRule.Aggregate.valueOf(m.group(1).toUpperCase(Locale.ROOT)), len.get());
            }
        }
        Optional<Double> warning = number(e, "warning", where);
        Optional<Double> critical = number(e, "critical", where);
        AlertRule.Direction direction = AlertRule.Direction.ABOVE;
        Optional<String> dir = text(e, "direction");
        if (dir.isPresent()) {
            switch (dir.get().strip().toLowerCase(Locale.ROOT)) {
                case "above" -> direction = AlertRule.Direction.ABOVE;
                case "below" -> direction = AlertRule.Direction.BELOW;
                default -> problem(e.get("direction").getValueNode(), where + ": 'direction' must be above or below, not '"
                        + dir.get() + "'" + DidYouMean.hint(dir.get(), List.of("above", "below")));
            }
        }
        Duration forDuration = duration(e, "for", Duration.ofMinutes(5));
        Duration recoverFor = duration(e, "recover_for", Duration.ofMinutes(5));
        String summary = text(e, "summary").orElse(n + " is {value} on {hostname}");
        Optional<String> service = Optional.empty();
        Optional<String> section = Optional.empty();
        Optional<String> roll = Optional.empty();
        NodeTuple hosts = e.get("hosts");
        if (hosts != null && !YamlTree.isNull(hosts.getValueNode())) {
            Node h = hosts.getValueNode();
            if (h instanceof MappingNode hm) {
                Map<String, NodeTuple> he = YamlTree.entries(hm);
                unknownKeys(he, HOSTS_KEYS, where + "'s 'hosts'");
                service = text(he, "service");
                section = text(he, "section");
                roll = text(he, "roll");
            } else if (!YamlTree.scalar(h).map("all"::equals).orElse(false)) {
                problem(h, where + ": 'hosts' must be 'all' or a mapping of service, section and roll, not " + YamlTree.kind(h));
            }
        }
        try {
            AlertRule rule = new AlertRule(n, plugin.get(), series, expr, window, warning, critical, direction, forDuration,
                    recoverFor, summary);
            return Optional.of(new AlertRuleConfig(rule, service, section, roll, YamlTree.line(node)));
        } catch (IllegalArgumentException ex) {
            problem(node, ex.getMessage());
            return Optional.empty();
        }
    }

    private Optional<ReceiverConfig> receiver(Node node, Map<String, Integer> seen, String url) {
        if (!(node instanceof MappingNode map)) {
            problem(node, "each receiver must be a mapping with 'name' and 'type', not " + YamlTree.kind(node));
            return Optional.empty();
        }
        Map<String, NodeTuple> e = YamlTree.entries(map);
        Optional<String> name = text(e, "name");
        Optional<String> type = text(e, "type");
        if (name.isEmpty()) {
            problem(node, "a receiver has no 'name'");
            return Optional.empty();
        }
        Integer first = seen.putIfAbsent(name.get(), YamlTree.line(node));
        if (first != null) {
            problem(node, "duplicated receiver '" + name.get() + "' (first at line " + first + ")");
            return Optional.empty();
        }
        if (type.isEmpty()) {
            problem(node, "receiver '" + name.get() + "' has no 'type' (installed: " + installed() + ")");
            return Optional.empty();
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> x : e.entrySet()) {
            if (!x.getKey().equals("name") && !x.getKey().equals("type")) {
                settings.put(x.getKey(), YamlTree.toValue(x.getValue().getValueNode()));
            }
        }
        Optional<NotifierProvider> provider = notifiers.provider(type.get());
        if (provider.isEmpty()) {
            problem(e.get("type").getValueNode(), "receiver '" + name.get() + "': no notifier of type '" + type.get()
                    + "' is installed (installed: " + installed() + ")" + DidYouMean.hint(type.get(), notifiers.types()));
        } else {
            try {
                for (String p : provider.get().problems(new NotifierConfig(name.get(), settings, url, InstantSource.system()))) {
                    problem(node, "receiver '" + name.get() + "': " + p);
                }
            } catch (RuntimeException ex) {
                problem(node, "receiver '" + name.get() + "': its settings cannot be checked: " + ex);
            }
        }
        return Optional.of(new ReceiverConfig(name.get(), type.get(), settings, YamlTree.line(node)));
    }

    private String installed() {
        return notifiers.types().isEmpty() ? "none" : String.join(", ", notifiers.types());
    }

    private void unknownKeys(Map<String, NodeTuple> e, Set<String> known, String where) {
        for (Map.Entry<String, NodeTuple> x : e.entrySet()) {
            if (!known.contains(x.getKey())) {
                problem(x.getValue().getKeyNode(), "unknown key '" + x.getKey() + "' in " + where
                        + DidYouMean.hint(x.getKey(), known));
            }
        }
    }

    private List<String> stringList(Node n, String key) {
        List<String> out = new ArrayList<>();
        if (n instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                YamlTree.scalar(item).ifPresentOrElse(out::add, () -> problem(item, "'" + key + "' entries must be label names"));
            }
        } else {
            YamlTree.scalar(n).ifPresentOrElse(v -> {
                for (String p : v.split(",")) {
                    if (!p.isBlank()) {
                        out.add(p.strip());
                    }
                }
            }, () -> problem(n, "'" + key + "' must be a list of label names"));
        }
        return out;
    }

    private Optional<String> text(Map<String, NodeTuple> e, String key) {
        NodeTuple t = e.get(key);
        if (t == null || YamlTree.isNull(t.getValueNode())) {
            return Optional.empty();
        }
        Optional<String> v = YamlTree.scalar(t.getValueNode());
        if (v.isEmpty()) {
            problem(t.getValueNode(), "'" + key + "' must be text, not " + YamlTree.kind(t.getValueNode()));
        }
        return v.filter(s -> !s.isBlank());
    }

    private Optional<Boolean> bool(Map<String, NodeTuple> e, String key) {
        Optional<String> v = text(e, key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get().strip().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("yes") || s.equals("on")) {
            return Optional.of(true);
        }
        if (s.equals("false") || s.equals("no") || s.equals("off")) {
            return Optional.of(false);
        }
        problem(e.get(key).getValueNode(), "'" + key + "' must be true or false, not '" + v.get() + "'");
        return Optional.empty();
    }

    private Optional<Double> number(Map<String, NodeTuple> e, String key, String where) {
        Optional<String> v = text(e, key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            double d = Double.parseDouble(v.get().strip());
            if (Double.isFinite(d)) {
                return Optional.of(d);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problem(e.get(key).getValueNode(), where + ": '" + key + "' must be a number, not '" + v.get() + "'");
        return Optional.empty();
    }

    private Duration duration(Map<String, NodeTuple> e, String key, Duration def) {
        Optional<String> v = text(e, key);
        if (v.isEmpty()) {
            return def;
        }
        Optional<Duration> d = parseDuration(v.get());
        if (d.isEmpty()) {
            problem(e.get(key).getValueNode(), "'" + key + "' must be a duration such as 30s, 5m, 4h or 1d, not '" + v.get() + "'");
            return def;
        }
        return d.get();
    }

    /**
     * @param text {@code 30s}, {@code 5m}, {@code 4h}, {@code 1d}, or seconds
     * @return the duration, if the text is one
     */
    static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(1).length() > 9) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return Optional.of(switch (unit) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        });
    }

    private void problem(Node node, String message) {
        problems.add(ConfigLoader.problem(file, node, message));
    }
}
