package io.kurado.core.plugin;

import io.kurado.api.KuradoException;
import io.kurado.api.coordination.CoordinationProvider;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.api.graph.GraphRenderer;
import io.kurado.api.graph.GraphRendererProvider;
import io.kurado.api.meta.MetaStoreProvider;
import io.kurado.api.queue.QueueProvider;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.StorageProvider;
import io.kurado.api.view.MetricsViewer;
import io.kurado.core.engine.RoleProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed plugins and providers, by id.
 *
 * <p>Built explicitly ({@code builder().fetcher(new MyFetcher())}) or by discovery through
 * {@link ServiceLoader} ({@code builder().discover(classLoader)}), or both. A plugin name is usable
 * when it has a fetcher, a viewer, or both. Two implementations with the same id fail the build,
 * naming both classes; a provider that cannot be loaded is logged with its class and skipped.
 */
public final class PluginRegistry {
    private static final Logger log = LoggerFactory.getLogger(PluginRegistry.class);

    /** What a plugin name provides. */
    public enum Kind {
        /** It has a {@link MetricsViewer}. */
        VIEW,
        /** It has a {@link MetricsFetcher}. */
        FETCH
    }

    private final Map<String, MetricsFetcher> fetchers;
    private final Map<String, MetricsViewer> viewers;
    private final Map<String, StorageProvider> storageProviders;
    private final Map<String, QueueProvider> queueProviders;
    private final Map<String, MetaStoreProvider> metaStoreProviders;
    private final Map<String, CoordinationProvider> coordinationProviders;
    private final List<GraphRendererProvider> rendererProviders;
    private final Map<String, RoleProvider> roleProviders;

    private PluginRegistry(Builder b) {
        this.fetchers = Map.copyOf(b.fetchers);
        this.viewers = Map.copyOf(b.viewers);
        this.storageProviders = Map.copyOf(b.storageProviders);
        this.queueProviders = Map.copyOf(b.queueProviders);
        this.metaStoreProviders = Map.copyOf(b.metaStoreProviders);
        this.coordinationProviders = Map.copyOf(b.coordinationProviders);
        this.rendererProviders = List.copyOf(b.rendererProviders);
        this.roleProviders = Map.copyOf(b.roleProviders);
    }

    /** @return a builder with nothing registered */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Discovers everything on a class path.
     *
     * @param classLoader where to look
     * @return the registry
     * @throws KuradoException when two implementations share an id
     */
    public static PluginRegistry discover(ClassLoader classLoader) {
        return builder().discover(classLoader).build();
    }

    /**
     * @param name a plugin name
     * @return its fetcher, if installed
     */
    public Optional<MetricsFetcher> fetcher(String name) {
        return Optional.ofNullable(fetchers.get(name));
    }

    /**
     * @param name a plugin name
     * @return its viewer, if installed
     */
    public Optional<MetricsViewer> viewer(String name) {
        return Optional.ofNullable(viewers.get(name));
    }

    /**
     * @param name a plugin name
     * @return true when it has a fetcher (it is pulled; without one it is push-only)
     */
    public boolean hasFetcher(String name) {
        return fetchers.containsKey(name);
    }

    /**
     * @param name a plugin name
     * @return true when it has a fetcher or a viewer
     */
    public boolean exists(String name) {
        return fetchers.containsKey(name) || viewers.containsKey(name);
    }

    /**
     * @param name a plugin name
     * @return what it provides; empty when it is not installed
     */
    public Set<Kind> kinds(String name) {
        EnumSet<Kind> k = EnumSet.noneOf(Kind.class);
        if (viewers.containsKey(name)) {
            k.add(Kind.VIEW);
        }
        if (fetchers.containsKey(name)) {
            k.add(Kind.FETCH);
        }
        return k;
    }

    /** @return every plugin name, sorted */
    public Set<String> pluginNames() {
        Set<String> s = new TreeSet<>(fetchers.keySet());
        s.addAll(viewers.keySet());
        return s;
    }

    /**
     * @param id a provider id
     * @return the storage provider, if installed
     */
    public Optional<StorageProvider> storageProvider(String id) {
        return Optional.ofNullable(storageProviders.get(id));
    }

    /**
     * @param id a provider id
     * @return the queue provider, if installed
     */
    public Optional<QueueProvider> queueProvider(String id) {
        return Optional.ofNullable(queueProviders.get(id));
    }

    /**
     * @param id a provider id
     * @return the meta store provider, if installed
     */
    public Optional<MetaStoreProvider> metaStoreProvider(String id) {
        return Optional.ofNullable(metaStoreProviders.get(id));
    }

    /**
     * @param id a provider id
     * @return the coordination provider, if installed
     */
    public Optional<CoordinationProvider> coordinationProvider(String id) {
        return Optional.ofNullable(coordinationProviders.get(id));
    }

    /**
     * @param storage the storage graphs are to be drawn from
     * @return the renderer of the first graph renderer provider (in registration order) that can
     *     draw from it, or empty when none can
     */
    public Optional<GraphRenderer> graphRenderer(Storage storage) {
        for (GraphRendererProvider p : rendererProviders) {
            Optional<GraphRenderer> r = p.forStorage(storage);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    /**
     * @param name a role's name
     * @return the provider of that role, if one was installed in this registry
     */
    public Optional<RoleProvider> roleProvider(String name) {
        return Optional.ofNullable(roleProviders.get(name));
    }

    /** @return the names of the roles installed in this registry */
    public Set<String> roleNames() {
        return new TreeSet<>(roleProviders.keySet());
    }

    /** @return the ids of the installed storage, queue, meta store and coordination providers, for messages */
    public Map<String, Set<String>> providerIds() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("storage", new TreeSet<>(storageProviders.keySet()));
        m.put("queue", new TreeSet<>(queueProviders.keySet()));
        m.put("meta store", new TreeSet<>(metaStoreProviders.keySet()));
        m.put("coordination", new TreeSet<>(coordinationProviders.keySet()));
        return m;
    }

    @Override
    public String toString() {
        return "PluginRegistry[plugins=" + pluginNames() + ", providers=" + providerIds() + "]";
    }

    /** Collects plugins and providers; fails on duplicate ids. */
    public static final class Builder {
        private final Map<String, MetricsFetcher> fetchers = new LinkedHashMap<>();
        private final Map<String, MetricsViewer> viewers = new LinkedHashMap<>();
        private final Map<String, StorageProvider> storageProviders = new LinkedHashMap<>();
        private final Map<String, QueueProvider> queueProviders = new LinkedHashMap<>();
        private final Map<String, MetaStoreProvider> metaStoreProviders = new LinkedHashMap<>();
        private final Map<String, CoordinationProvider> coordinationProviders = new LinkedHashMap<>();
        private final List<GraphRendererProvider> rendererProviders = new ArrayList<>();
        private final Map<String, RoleProvider> roleProviders = new LinkedHashMap<>();
        private final List<String> found = new ArrayList<>();

        private Builder() {}

        /**
         * @param fetcher a fetcher
         * @return this builder
         * @throws KuradoException when a fetcher with the same id is registered
         */
        public Builder fetcher(MetricsFetcher fetcher) {
            add(fetchers, "fetcher", fetcher, MetricsFetcher::id);
            return this;
        }

        /**
         * @param viewer a viewer
         * @return this builder
         * @throws KuradoException when a viewer with the same id is registered
         */
        public Builder viewer(MetricsViewer viewer) {
            add(viewers, "viewer", viewer, MetricsViewer::id);
            return this;
        }

        /**
         * @param provider a storage provider
         * @return this builder
         */
        public Builder storageProvider(StorageProvider provider) {
            add(storageProviders, "storage provider", provider, StorageProvider::id);
            return this;
        }

        /**
         * @param provider a queue provider
         * @return this builder
         */
        public Builder queueProvider(QueueProvider provider) {
            add(queueProviders, "queue provider", provider, QueueProvider::id);
            return this;
        }

        /**
         * @param provider a meta store provider
         * @return this builder
         */
        public Builder metaStoreProvider(MetaStoreProvider provider) {
            add(metaStoreProviders, "meta store provider", provider, MetaStoreProvider::id);
            return this;
        }

        /**
         * @param provider a coordination provider
         * @return this builder
         */
        public Builder coordinationProvider(CoordinationProvider provider) {
            add(coordinationProviders, "coordination provider", provider, CoordinationProvider::id);
            return this;
        }

        /**
         * @param provider draws graphs from the storages it can read
         * @return this builder
         */
        public Builder graphRendererProvider(GraphRendererProvider provider) {
            rendererProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * @param provider makes a role the engine can run when asked to (installing it does not start it)
         * @return this builder
         * @throws KuradoException when a role of the same name is registered
         */
        public Builder roleProvider(RoleProvider provider) {
            add(roleProviders, "role provider", provider, p -> p.role().label());
            return this;
        }

        /**
         * Adds everything {@link ServiceLoader} finds on a class path. A provider that cannot be
         * loaded or instantiated is logged with its class and skipped.
         *
         * @param classLoader where to look
         * @return this builder
         * @throws KuradoException when two implementations share an id
         */
        public Builder discover(ClassLoader classLoader) {
            Objects.requireNonNull(classLoader, "classLoader");
            load(MetricsFetcher.class, classLoader).forEach(this::fetcher);
            load(MetricsViewer.class, classLoader).forEach(this::viewer);
            load(StorageProvider.class, classLoader).forEach(this::storageProvider);
            load(QueueProvider.class, classLoader).forEach(this::queueProvider);
            load(MetaStoreProvider.class, classLoader).forEach(this::metaStoreProvider);
            load(CoordinationProvider.class, classLoader).forEach(this::coordinationProvider);
            load(GraphRendererProvider.class, classLoader).forEach(this::graphRendererProvider);
            load(RoleProvider.class, classLoader).forEach(this::roleProvider);
            return this;
        }

        /** @return the registry */
        public PluginRegistry build() {
            PluginRegistry r = new PluginRegistry(this);
            if (!found.isEmpty()) {
                log.info("Discovered {}", String.join(", ", found.stream().map(f -> f.substring(0, f.indexOf(" ("))).toList()));
                log.debug("Discovered {}", String.join(", ", found));
            }
            return r;
        }

        private <T> Collection<T> load(Class<T> type, ClassLoader classLoader) {
            List<T> out = new ArrayList<>();
            Iterator<T> it = ServiceLoader.load(type, classLoader).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    T t = it.next();
                    out.add(t);
                    found.add(describe(type, t));
                } catch (ServiceConfigurationError | LinkageError e) {
                    log.warn("Skipping a {} that cannot be loaded: {}", type.getSimpleName(), e.getMessage());
                }
            }
            return out;
        }

        private static String describe(Class<?> type, Object o) {
            String id;
            try {
                if (o instanceof MetricsFetcher f) {
                    id = "fetcher " + f.id();
                } else if (o instanceof MetricsViewer v) {
                    id = "viewer " + v.id();
                } else if (o instanceof StorageProvider p) {
                    id = "storage " + p.id();
                } else if (o instanceof QueueProvider p) {
                    id = "queue " + p.id();
                } else if (o instanceof MetaStoreProvider p) {
                    id = "meta store " + p.id();
                } else if (o instanceof CoordinationProvider p) {
                    id = "coordination " + p.id();
                } else if (o instanceof RoleProvider p) {
                    id = "role " + p.role().label();
                } else if (o instanceof GraphRendererProvider) {
                    id = "graph renderer";
                } else {
                    id = type.getSimpleName();
                }
            } catch (RuntimeException e) {
                id = type.getSimpleName() + " (id() failed: " + e + ")";
            }
            var src = o.getClass().getProtectionDomain().getCodeSource();
            String where = src == null || src.getLocation() == null ? "" : " from " + src.getLocation().getPath();
            return id + " (" + o.getClass().getName() + where + ")";
        }

        private static <T> void add(Map<String, T> map, String what, T item, Function<T, String> idOf) {
            Objects.requireNonNull(item, what);
            String id = idOf.apply(item);
            if (id == null || id.isBlank()) {
                throw new KuradoException(what + " " + item.getClass().getName() + " has no id");
            }
            T existing = map.putIfAbsent(id, item);
            if (existing != null) {
                throw new KuradoException("two " + what + "s have the id '" + id + "': " + existing.getClass().getName()
                        + " and " + item.getClass().getName());
            }
        }
    }
}
