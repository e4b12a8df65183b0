package io.kurado.core.alert;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.alert.AlertRule;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.PluginState;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.Topic;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.StorageProblem;
import io.kurado.api.view.MetricsViewer;
import io.kurado.core.config.AlertRuleConfig;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.status.HostStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates what can alert, for every configured host: the host is down (its agent's data stopped
 * arriving, the 5-minute rule of the host status), a plugin's fetch fails (a live warning), its
 * series cannot be written (the storage's ongoing problems), and the threshold rules (the viewers'
 * defaults, replaced or switched off by the configuration, plus its own) over the storage's read
 * path. When the queue or the meta store cannot be read, it says only that Kurado cannot see its
 * hosts.
 */
public final class Conditions {
    private static final Logger log = LoggerFactory.getLogger(Conditions.class);
    /** The built-in alert of a host whose agent's data stopped arriving. */
    public static final String HOST_DOWN = "host-down";
    /** The built-in alert of a plugin whose fetch fails. */
    public static final String PLUGIN_FAILING = "plugin-failing";
    /** The built-in alert of a host whose series cannot be written. */
    public static final String STORAGE_FAILING = "storage-failing";
    /** The built-in alert of a server that cannot read its queue or meta store. */
    public static final String BLIND = "kurado-cannot-see-hosts";
    /** The names of the built-in alerts, which the configuration may switch off too. */
    public static final Set<String> BUILT_IN = Set.of(HOST_DOWN, PLUGIN_FAILING, STORAGE_FAILING, BLIND);

    private final KuradoConfig config;
    private final Function<String, Optional<MetricsViewer>> viewers;
    private final Storage storage;
    private final MetaStore meta;
    private final Optional<Queue> queue;
    private final HostStatus status;
    private final InstantSource clock;
    private final Map<String, AlertRuleConfig> rules;
    private final Map<String, RpnExpression> expressions = new HashMap<>();

    /**
     * @param config the hosts and the alerts' configuration
     * @param viewers the viewer of each plugin name, for their default rules
     * @param storage where series are read
     * @param meta where warnings and last-received times are read
     * @param queue the queue, whose depth tells whether Kurado can see its hosts, if this server has one
     * @param status the hosts' status (its start is when watching began)
     * @param clock the clock
     */
    public Conditions(KuradoConfig config, Function<String, Optional<MetricsViewer>> viewers, Storage storage, MetaStore meta,
            Optional<Queue> queue, HostStatus status, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.viewers = Objects.requireNonNull(viewers, "viewers");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.meta = Objects.requireNonNull(meta, "meta");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.status = Objects.requireNonNull(status, "status");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = rules(config, viewers);
        for (AlertRuleConfig r : rules.values()) {
            try {
                expressions.put(r.rule().name(), RpnExpression.compile(r.rule().expression(), List.copyOf(r.rule().series().keySet())));
            } catch (IllegalArgumentException e) {
                log.warn("Alert rule '{}' is skipped: its expression '{}': {}", r.rule().name(), r.rule().expression(), e.getMessage());
            }
        }
    }

    /**
     * The threshold rules in force: the default rules of the viewers of the plugins the rolls run,
     * those of the configuration over them by name, less those switched off.
     *
     * @param config the configuration
     * @param viewers the viewer of each plugin name
     * @return the rules by name, defaults first
     */
    public static Map<String, AlertRuleConfig> rules(KuradoConfig config, Function<String, Optional<MetricsViewer>> viewers) {
        Map<String, AlertRuleConfig> out = new LinkedHashMap<>();
        Set<String> plugins = new TreeSet<>();
        config.rolls().values().forEach(r -> r.plugins().forEach(p -> plugins.add(p.name())));
        for (String p : plugins) {
            Optional<MetricsViewer> v = viewers.apply(p);
            if (v.isEmpty()) {
                continue;
            }
            try {
                for (AlertRule r : v.get().defaultAlertRules()) {
                    out.putIfAbsent(r.name(), AlertRuleConfig.all(r));
                }
            } catch (RuntimeException e) {
                log.warn("The default alert rules of plugin {} cannot be read and are skipped: {}", p, e.toString());
            }
        }
        for (AlertRuleConfig r : config.alerts().rules()) {
            out.put(r.rule().name(), r);
        }
        out.keySet().removeAll(config.alerts().disabled());
        return out;
    }

    /** @return the threshold rules in force, by name */
    public Map<String, AlertRuleConfig> rules() {
        return rules;
    }

    /** @return what is wrong now */
    public Evaluation evaluate() {
        Instant now = clock.instant();
        Set<String> disabled = config.alerts().disabled();
        List<Finding> findings = new ArrayList<>();
        Set<String> unknown = new HashSet<>();
        Set<String> down = new HashSet<>();
        try {
            if (queue.isPresent()) {
                queue.get().depth(Topic.UPDATE);
            }
            meta.hasWarning("kurado-alerts-probe");
        } catch (RuntimeException e) {
            if (!disabled.contains(BLIND)) {
                findings.add(new Finding(Map.of("alertname", BLIND, "service", "kurado"), "critical", Double.NaN,
                        "Kurado cannot see its hosts: " + e.getMessage(), Duration.ofMinutes(2), Duration.ZERO));
            }
            return new Evaluation(findings, Set.of(), Set.of(), true);
        }
        Map<String, List<StorageProblem>> storageProblems = new HashMap<>();
        try {
            for (StorageProblem p : storage.problems()) {
                if (p.ongoing()) {
                    storageProblems.computeIfAbsent(p.series().address(), a -> new ArrayList<>()).add(p);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Cannot read the storage's problems: {}", e.toString());
        }
        for (HostEntry h : config.hosts()) {
            try {
                host(h, now, disabled, storageProblems.getOrDefault(h.address(), List.of()), findings, unknown, down);
            } catch (RuntimeException e) {
                log.warn("Cannot evaluate the alerts of host {}: {}", h.address(), e.toString());
            }
        }
        return new Evaluation(findings, unknown, down, false);
    }

    private void host(HostEntry h, Instant now, Set<String> disabled, List<StorageProblem> storageProblems, List<Finding> findings,
            Set<String> unknown, Set<String> down) {
        HostStatus.Level level = status.of(h);
        if (level == HostStatus.Level.CRITICAL) {
            down.add(h.address());
            if (!disabled.contains(HOST_DOWN)) {
                findings.add(new Finding(labels(h, HOST_DOWN, "base"), "critical", Double.NaN,
                        h.host().hostname() + " (" + h.address() + ") sent no data for " + HostStatus.STALE_AFTER.toMinutes()
                                + " minutes", Duration.ZERO, Duration.ZERO));
            }
            return;
        }
        if (!disabled.contains(PLUGIN_FAILING) && level == HostStatus.Level.WARNING && meta.hasWarning(h.address())) {
            for (PluginRef p : h.plugins()) {
                PluginState st = meta.read(h.address(), p);
                if (!st.warnings().isEmpty()) {
                    String text = new TreeMap<>(st.warnings()).values().iterator().next();
                    String message = text.length() > 20 && text.charAt(10) == 'T' ? text.substring(20) : text;
                    findings.add(new Finding(labels(h, PLUGIN_FAILING, p.identifier()), "warning", Double.NaN,
                            p.identifier() + " fails on " + h.host().hostname() + ": " + message, Duration.ofMinutes(5),
                            Duration.ofMinutes(5)));
                }
            }
        }
        if (!disabled.contains(STORAGE_FAILING)) {
            Map<String, StorageProblem> byPlugin = new TreeMap<>();
            storageProblems.forEach(p -> byPlugin.putIfAbsent(p.series().escapedPlugin(), p));
            byPlugin.forEach((plugin, p) -> findings.add(new Finding(labels(h, STORAGE_FAILING, io.kurado.api.Escaping.unescape(plugin)),
                    "warning", Double.NaN, "the series of " + h.host().hostname() + " cannot be written: " + p.message(),
                    Duration.ZERO, Duration.ofMinutes(5))));
        }
        for (AlertRuleConfig rc : rules.values()) {
            RpnExpression expr = expressions.get(rc.rule().name());
            if (expr == null || !rc.covers(h)) {
                continue;
            }
            for (PluginRef p : h.plugins()) {
                if (p.name().equals(rc.rule().plugin())) {
                    threshold(h, p, rc.rule(), expr, now, findings, unknown);
                }
            }
        }
    }

    private void threshold(HostEntry h, PluginRef p, AlertRule rule, RpnExpression expr, Instant now, List<Finding> findings,
            Set<String> unknown) {
        String escaped = p.escapedIdentifier();
        List<String> instances;
        if (rule.perInstance()) {
            instances = instances(rule, storage.keys(h.address(), escaped));
        } else {
            instances = List.of("");
        }
        List<String> vars = List.copyOf(rule.series().keySet());
        for (String instance : instances) {
            Map<String, String> labels = labels(h, rule.name(), p.identifier());
            if (rule.perInstance()) {
                labels.put("instance", instance);
            }
            SeriesData[] data = new SeriesData[vars.size()];
            boolean missing = false;
            for (int i = 0; i < vars.size(); i++) {
                Optional<MetricKey> key = MetricKey.parse(rule.series().get(vars.get(i)).replace("*", instance));
                if (key.isEmpty()) {
                    missing = true;
                    break;
                }
                Optional<SeriesData> d = storage.read(new SeriesQuery(new SeriesRef(h.address(), escaped, key.get()),
                        Consolidation.AVERAGE, now.minus(rule.window().length()), now, Duration.ofMinutes(1), Detail.FINEST));
                if (d.isEmpty()) {
                    missing = true;
                    break;
                }
                data[i] = d.get();
            }
            if (missing) {
                if (!rule.perInstance()) {
                    unknown.add(io.kurado.api.alert.Alert.fingerprint(labels));
                }
                continue;
            }
            double value = aggregate(rule.window().aggregate(), expr, data, now.getEpochSecond() - rule.window().length().toSeconds());
            if (Double.isNaN(value)) {
                unknown.add(io.kurado.api.alert.Alert.fingerprint(labels));
                continue;
            }
            String severity = null;
            double threshold = Double.NaN;
            if (rule.critical().isPresent() && rule.direction().crosses(value, rule.critical().get())) {
                severity = "critical";
                threshold = rule.critical().get();
            } else if (rule.warning().isPresent() && rule.direction().crosses(value, rule.warning().get())) {
                severity = "warning";
                threshold = rule.warning().get();
            }
            if (severity != null) {
                String summary = rule.summary().replace("{value}", format(value)).replace("{instance}", instance)
                        .replace("{hostname}", h.host().hostname()).replace("{host}", h.address())
                        .replace("{service}", h.service()).replace("{threshold}", format(threshold));
                findings.add(new Finding(labels, severity, value, summary, rule.forDuration(), rule.recoverFor()));
            }
        }
    }

    /** The instances every starred key of the rule has a series for, sorted. */
    static List<String> instances(AlertRule rule, Set<MetricKey> keys) {
        Set<String> out = null;
        for (String pattern : rule.series().values()) {
            int star = pattern.indexOf('*');
            if (star < 0) {
                continue;
            }
            String prefix = pattern.substring(0, star);
            String suffix = pattern.substring(star + 1);
            Set<String> found = new TreeSet<>();
            for (MetricKey k : keys) {
                String s = k.toString();
                if (s.length() > prefix.length() + suffix.length() && s.startsWith(prefix) && s.endsWith(suffix)) {
                    found.add(s.substring(prefix.length(), s.length() - suffix.length()));
                }
            }
            if (out == null) {
                out = found;
            } else {
                out.retainAll(found);
            }
        }
        return out == null ? List.of() : List.copyOf(out);
    }

    /** Evaluates the expression at each point after {@code from} and aggregates the known results. */
    static double aggregate(AlertRule.Aggregate how, RpnExpression expr, SeriesData[] data, long from) {
        SeriesData ref = data[0];
        double[] values = new double[data.length];
        double sum = 0;
        int n = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < ref.size(); i++) {
            long ts = ref.timestamp(i);
            if (ts <= from) {
                continue;
            }
            for (int j = 0; j < data.length; j++) {
                SeriesData d = data[j];
                long idx = d.step() == ref.step() ? (ts - d.start()) / d.step() : -1;
                values[j] = idx >= 0 && idx < d.size() && d.start() + idx * d.step() == ts ? d.value((int) idx) : Double.NaN;
            }
            double v = expr.evaluate(values);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            sum += v;
            n++;
            min = Double.isNaN(min) ? v : Math.min(min, v);
            max = Double.isNaN(max) ? v : Math.max(max, v);
            last = v;
        }
        if (n == 0) {
            return Double.NaN;
        }
        return switch (how) {
            case AVG -> sum / n;
            case MIN -> min;
            case MAX -> max;
            case LAST -> last;
        };
    }

    private static Map<String, String> labels(HostEntry h, String name, String plugin) {
        Map<String, String> l = new TreeMap<>();
        l.put("alertname", name);
        l.put("host", h.address());
        l.put("hostname", h.host().hostname());
        l.put("service", h.service());
        if (!h.section().isEmpty()) {
            l.put("section", h.section());
        }
        l.put("plugin", plugin);
        return l;
    }

    /**
     * @param value a value
     * @return it with at most two decimals, e.g. {@code 93.5}, {@code 4}
     */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "unknown";
        }
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
