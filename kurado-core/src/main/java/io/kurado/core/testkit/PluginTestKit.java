package io.kurado.core.testkit;

import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.api.view.MetricsViewer;
import io.kurado.core.plugin.PluginRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Where a plugin test starts: a fetch, a view or a check of one plugin, found by id the way the
 * daemon finds plugins ({@link PluginRegistry#discover(ClassLoader)} over the test's class path),
 * or given as an instance.
 *
 * <pre>{@code
 * FetchRun run = PluginTestKit.fetcher("redis").address("127.0.0.1").arguments("6380").run();
 * ViewRun view = PluginTestKit.viewer("redis").arguments("6380").meta(run.meta()).run();
 * CheckReport report = PluginTestKit.check("redis").afterFetch(run).run();
 * }</pre>
 */
public final class PluginTestKit {
    /** Discovery per class loader, done once: plugins are stateless. */
    private static final Map<ClassLoader, PluginRegistry> DISCOVERED = new WeakHashMap<>();

    private PluginTestKit() {}

    /**
     * @return the plugins discovered on the class path of the current thread, as the daemon
     *     discovers them
     */
    public static PluginRegistry discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = cl != null ? cl : PluginTestKit.class.getClassLoader();
        synchronized (DISCOVERED) {
            return DISCOVERED.computeIfAbsent(loader, PluginRegistry::discover);
        }
    }

    /**
     * @param id a fetcher's id
     * @return a fetch of the discovered fetcher with that id
     * @throws AssertionError when no such fetcher is discovered
     */
    public static FetchRequest fetcher(String id) {
        return fetcher(discover(), id);
    }

    /**
     * @param registry the plugins
     * @param id a fetcher's id
     * @return a fetch of that registry's fetcher
     * @throws AssertionError when it has no such fetcher
     */
    public static FetchRequest fetcher(PluginRegistry registry, String id) {
        return new FetchRequest(registry.fetcher(id).orElseThrow(() -> missing("fetcher", id,
                "io.kurado.api.fetch.MetricsFetcher")), id);
    }

    /**
     * @param fetcher a fetcher
     * @return a fetch of it
     */
    public static FetchRequest fetcher(MetricsFetcher fetcher) {
        return new FetchRequest(Objects.requireNonNull(fetcher, "fetcher"), fetcher.id());
    }

    /**
     * @param id a viewer's id
     * @return a view of the discovered viewer with that id
     * @throws AssertionError when no such viewer is discovered
     */
    public static ViewRequest viewer(String id) {
        return viewer(discover(), id);
    }

    /**
     * @param registry the plugins
     * @param id a viewer's id
     * @return a view of that registry's viewer
     * @throws AssertionError when it has no such viewer
     */
    public static ViewRequest viewer(PluginRegistry registry, String id) {
        return new ViewRequest(registry.viewer(id).orElseThrow(() -> missing("viewer", id, "io.kurado.api.view.MetricsViewer")), id);
    }

    /**
     * @param viewer a viewer
     * @return a view of it
     */
    public static ViewRequest viewer(MetricsViewer viewer) {
        return new ViewRequest(Objects.requireNonNull(viewer, "viewer"), viewer.id());
    }

    /**
     * @param id a plugin name with a viewer
     * @return a check of the discovered viewer with that id
     * @throws AssertionError when no such viewer is discovered
     */
    public static PluginCheck check(String id) {
        return new PluginCheck(viewer(id));
    }

    /**
     * @param registry the plugins
     * @param id a plugin name with a viewer
     * @return a check of that registry's viewer
     */
    public static PluginCheck check(PluginRegistry registry, String id) {
        return new PluginCheck(viewer(registry, id));
    }

    /**
     * @param viewer a viewer
     * @return a check of it
     */
    public static PluginCheck check(MetricsViewer viewer) {
        return new PluginCheck(viewer(viewer));
    }

    /**
     * @param view the view whose graphs to draw
     * @return a gallery drawing them from synthetic data, with the default clock's time
     */
    public static GraphGallery gallery(ViewRequest view) {
        return new GraphGallery(view, java.time.InstantSource.system());
    }

    private static AssertionError missing(String what, String id, String service) {
        return new AssertionError("no " + what + " with id '" + id + "' is discovered on the class path; list its class in META-INF/services/"
                + service);
    }
}
