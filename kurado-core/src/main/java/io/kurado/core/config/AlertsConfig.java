package io.kurado.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code alerts} of the configuration's first document: the threshold rules it adds or
 * replaces, the rules it switches off (a viewer's default rules and the built-in ones, by name),
 * the receivers notifications go to, and how alerts are grouped into notifications.
 *
 * @param rules the rules of the configuration, in file order
 * @param disabled the names of rules switched off ({@code enabled: false})
 * @param receivers where notifications go
 * @param groupBy the labels that make a group ({@code service} and {@code severity} by default)
 * @param groupWait how long a new group waits for more alerts before its first notification
 * @param groupInterval how long a group waits after a notification before it tells of changes
 * @param repeatInterval how long a group waits before it repeats alerts still firing
 * @param externalUrl the web UI's address for links, when the configuration gives one
 */
public record AlertsConfig(List<AlertRuleConfig> rules, Set<String> disabled, List<ReceiverConfig> receivers,
        List<String> groupBy, Duration groupWait, Duration groupInterval, Duration repeatInterval,
        Optional<String> externalUrl) {
    /** The grouping labels when none are given. */
    public static final List<String> DEFAULT_GROUP_BY = List.of("service", "severity");
    /** No rules of the configuration's own and no receivers; the defaults for the rest. */
    public static final AlertsConfig NONE = new AlertsConfig(List.of(), Set.of(), List.of(), DEFAULT_GROUP_BY,
            Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), Optional.empty());

    /** Validates the fields and copies the collections. */
    public AlertsConfig {
        rules = List.copyOf(rules);
        disabled = Set.copyOf(disabled);
        receivers = List.copyOf(receivers);
        groupBy = List.copyOf(groupBy);
        Objects.requireNonNull(groupWait, "groupWait");
        Objects.requireNonNull(groupInterval, "groupInterval");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        Objects.requireNonNull(externalUrl, "externalUrl");
    }

    /**
     * @param settings the configuration's settings
     * @return the web UI's address for links: {@code external_url}, else {@code http://} this host's
     *     name and the {@code listen} port
     */
    public String externalUrl(Settings settings) {
        return externalUrl.orElseGet(() -> defaultExternalUrl(settings));
    }

    static String defaultExternalUrl(Settings settings) {
        String host = settings.listen().getHostString();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + settings.listen().getPort();
    }

    /** @return whether the configuration asks for alerts: it has rules of its own or receivers */
    public boolean configured() {
        return !rules.isEmpty() || !receivers.isEmpty();
    }
}
