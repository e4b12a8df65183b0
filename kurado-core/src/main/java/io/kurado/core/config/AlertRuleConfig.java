package io.kurado.core.config;

import io.kurado.api.alert.AlertRule;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule of the configuration and the hosts it covers: those of a service, a section (a label) of
 * it, a roll, or all, among the hosts whose roll runs the rule's plugin.
 *
 * @param rule the rule
 * @param service the service whose hosts it covers, if only those
 * @param section the section label whose hosts it covers, if only those
 * @param roll the roll (file name as services write it) whose hosts it covers, if only those
 * @param line the line it is written on, for messages
 */
public record AlertRuleConfig(AlertRule rule, Optional<String> service, Optional<String> section, Optional<String> roll,
        int line) {
    /** Validates the fields. */
    public AlertRuleConfig {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(roll, "roll");
    }

    /**
     * @param rule a rule
     * @return the rule over every host that runs its plugin
     */
    public static AlertRuleConfig all(AlertRule rule) {
        return new AlertRuleConfig(rule, Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    /**
     * @param host a configured host
     * @return whether the rule covers it: in scope, and its roll runs the rule's plugin
     */
    public boolean covers(HostEntry host) {
        return service.map(host.service()::equals).orElse(true)
                && section.map(host.section()::equals).orElse(true)
                && roll.map(host.roll().name()::equals).orElse(true)
                && host.plugins().stream().anyMatch(p -> p.name().equals(rule.plugin()));
    }
}
