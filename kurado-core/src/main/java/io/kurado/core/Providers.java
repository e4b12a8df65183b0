package io.kurado.core;

import io.kurado.api.KuradoException;
import io.kurado.api.ProviderConfig;
import io.kurado.api.coordination.Coordination;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.queue.Queue;
import io.kurado.api.storage.Storage;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.memory.InMemoryCoordination;
import io.kurado.core.plugin.PluginRegistry;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates the storage, queue, meta store and coordination a configuration asks for, through the
 * providers in a registry: the storage the setting {@code storage} names ({@code rrd} by default,
 * {@code memory} for one without files); {@code redis} queue, meta store and coordination when
 * {@code redis} is set, else the in-memory ones ({@code memory}).
 */
public final class Providers {
    /** The setting that chooses the storage provider. */
    public static final String STORAGE_SETTING = "storage";
    /** The storage provider id used by default. */
    public static final String STORAGE = "rrd";

    private final KuradoConfig config;
    private final PluginRegistry registry;
    private final ProviderConfig shared;

    private Providers(KuradoConfig config, PluginRegistry registry, InstantSource clock) {
        this.config = config;
        this.registry = registry;
        this.shared = providerConfig(config, clock);
    }

    /**
     * The providers of one engine: what they make shares one {@link ProviderConfig}, so that the
     * Redis queue, meta store and coordination of one configuration share one client (shut down when
     * the last of them closes). The static methods give each call resources of its own.
     *
     * @param config the configuration
     * @param registry the providers
     * @param clock the clock
     * @return the providers
     */
    public static Providers of(KuradoConfig config, PluginRegistry registry, InstantSource clock) {
        return new Providers(config, registry, clock);
    }

    /** @return a new storage, as {@link #storage(KuradoConfig, PluginRegistry, InstantSource)} */
    public Storage storage() {
        String id = storageId(config);
        return registry.storageProvider(id).orElseThrow(() -> missing("storage", id, registry)).create(shared);
    }

    /** @return a new queue sharing this engine's resources */
    public Queue queue() {
        String id = backend(config);
        return registry.queueProvider(id).orElseThrow(() -> missing("queue", id, registry)).create(shared);
    }

    /** @return a new meta store sharing this engine's resources */
    public MetaStore metaStore() {
        String id = backend(config);
        return registry.metaStoreProvider(id).orElseThrow(() -> missing("meta store", id, registry)).create(shared);
    }

    /** @return a new coordination sharing this engine's resources */
    public Coordination coordination() {
        String id = backend(config);
        return registry.coordinationProvider(id).map(p -> p.create(shared)).orElseGet(() -> {
            if (!id.equals("memory")) {
                throw missing("coordination", id, registry);
            }
            return new InMemoryCoordination(shared.clock());
        });
    }

    /**
     * @param config the configuration
     * @param clock the clock
     * @return what providers get
     */
    public static ProviderConfig providerConfig(KuradoConfig config, InstantSource clock) {
        Map<String, String> settings = new LinkedHashMap<>(config.settings().raw());
        config.settings().redis().ifPresentOrElse(r -> settings.put("redis", r), () -> settings.remove("redis"));
        settings.put("data_dir", config.settings().dataDir().toString());
        return new ProviderConfig(settings, config.settings().dataDir(), clock);
    }

    /** @return the queue/meta store provider id the configuration selects */
    static String backend(KuradoConfig config) {
        return config.settings().redis().isPresent() ? "redis" : "memory";
    }

    /**
     * @param config the configuration
     * @param registry the providers
     * @param clock the clock
     * @return a new storage
     * @throws KuradoException when no such provider is installed
     */
    public static Storage storage(KuradoConfig config, PluginRegistry registry, InstantSource clock) {
        return of(config, registry, clock).storage();
    }

    /**
     * @param config the configuration
     * @return the id of the storage provider it selects
     */
    public static String storageId(KuradoConfig config) {
        String id = config.settings().raw().getOrDefault(STORAGE_SETTING, STORAGE).trim();
        return id.isEmpty() ? STORAGE : id;
    }

    /**
     * @param config the configuration
     * @param registry the providers
     * @param clock the clock
     * @return a new queue
     * @throws KuradoException when no such provider is installed
     */
    public static Queue queue(KuradoConfig config, PluginRegistry registry, InstantSource clock) {
        return of(config, registry, clock).queue();
    }

    /**
     * @param config the configuration
     * @param registry the providers
     * @param clock the clock
     * @return a new meta store
     * @throws KuradoException when no such provider is installed
     */
    public static MetaStore metaStore(KuradoConfig config, PluginRegistry registry, InstantSource clock) {
        return of(config, registry, clock).metaStore();
    }

    /**
     * @param config the configuration
     * @param registry the providers
     * @param clock the clock
     * @return a new coordination
     * @throws KuradoException when no such provider is installed
     */
    public static Coordination coordination(KuradoConfig config, PluginRegistry registry, InstantSource clock) {
        return of(config, registry, clock).coordination();
    }

    private static KuradoException missing(String what, String id, PluginRegistry registry) {
        return new KuradoException("no " + what + " provider '" + id + "' is installed (installed: "
                + registry.providerIds().get(what) + "); add the module that provides it to the class path");
    }
}
