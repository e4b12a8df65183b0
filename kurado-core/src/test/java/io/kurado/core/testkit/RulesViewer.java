package io.kurado.core.testkit;

import io.kurado.api.alert.AlertRule;
import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import java.util.List;
import java.util.Optional;

/**
 * A viewer that draws nothing and ships the given default alert rules: a plugin's viewer as the
 * registry and the alerts see it, without graphs.
 *
 * @param id the plugin's name
 * @param defaultAlertRules the rules it ships
 */
public record RulesViewer(String id, List<AlertRule> defaultAlertRules) implements MetricsViewer {
    /** Copies the rules. */
    public RulesViewer {
        defaultAlertRules = List.copyOf(defaultAlertRules);
    }

    /**
     * @param id the plugin's name
     * @return a viewer of that name with no graphs and no rules
     */
    public static RulesViewer named(String id) {
        return new RulesViewer(id, List.of());
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        return List.of();
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        return Optional.empty();
    }
}
