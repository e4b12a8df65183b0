package io.kurado.api.view;

import io.kurado.api.alert.AlertRule;
import java.util.List;
import java.util.Optional;

/**
 * A view plugin: says which graphs a plugin of a host has and how each is drawn.
 *
 * <p>{@link #list(ViewContext)} gives the graph groups of the host page (a title, meta badges and
 * graph names). {@link #graph(ViewContext, String)} gives one graph's definition as rrdtool
 * {@code graph} text, with the template tags of the original: {@code <%RRD_FOR key.type %>} (or
 * {@code <%RRD key.type %>}) for a file of this host and plugin, and
 * {@code <%RRD_EXTEND plugin address key.type %>} for another one. So the definitions of the
 * original's view plugins carry over unchanged:
 *
 * <pre>
 * TCP Established
 * DEF:n=&lt;%RRD_FOR tcp-established.gauge %&gt;:n:AVERAGE
 * AREA:n#00C000:Established
 * GPRINT:n:LAST:Cur\:%6.0lf\l
 * </pre>
 *
 * <p>Implementations are stateless, have a public no-argument constructor and are found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.kurado.api.view.MetricsViewer}) or
 * handed to the engine's builder.
 *
 * @since 0.1
 */
public interface MetricsViewer {
    /** @return the plugin name this viewer serves, as rolls write it; stable and unique */
    String id();

    /**
     * Lists the graph groups of one plugin of one host.
     *
     * @param context the host, the plugin arguments, the configuration and the stored meta
     * @return the groups, in the order the host page shows them
     */
    List<GraphGroup> list(ViewContext context);

    /**
     * Gives the definition of one graph.
     *
     * @param context the host, the plugin arguments, the configuration and the stored meta
     * @param name a graph name that {@link #list(ViewContext)} returned
     * @return rrdtool graph text with template tags, optionally starting with a vertical label
     *     line; empty when this viewer has no such graph
     */
    Optional<String> graph(ViewContext context, String name);

    /**
     * The alert rules this plugin's hosts get unless the configuration replaces one (a rule of the
     * same name) or switches it off: thresholds the plugin's author knows to matter, such as a disk
     * that is nearly full.
     *
     * @return the rules, each reading this plugin's series; none by default
     */
    default List<AlertRule> defaultAlertRules() {
        return List.of();
    }
}
