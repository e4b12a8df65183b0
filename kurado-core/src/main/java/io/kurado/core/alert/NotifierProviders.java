package io.kurado.core.alert;

import io.kurado.api.alert.NotifierProvider;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier providers installed: found through {@link ServiceLoader} by type; one that cannot
 * load is logged and skipped, and of two with the same type the first stays and both are named.
 */
public final class NotifierProviders {
    private static final Logger log = LoggerFactory.getLogger(NotifierProviders.class);
    private final Map<String, NotifierProvider> byType;

    private NotifierProviders(Map<String, NotifierProvider> byType) {
        this.byType = Collections.unmodifiableMap(new TreeMap<>(byType));
    }

    /**
     * @param providers the providers, e.g. an application's own
     * @return those providers by type
     */
    public static NotifierProviders of(Iterable<NotifierProvider> providers) {
        Map<String, NotifierProvider> m = new TreeMap<>();
        for (NotifierProvider p : providers) {
            NotifierProvider first = m.putIfAbsent(p.type(), p);
            if (first != null) {
                log.warn("Two notifier providers of type '{}': {} and {}; using the first", p.type(),
                        first.getClass().getName(), p.getClass().getName());
            }
        }
        return new NotifierProviders(m);
    }

    /**
     * @param loader where to look
     * @return the providers installed on that class loader
     */
    public static NotifierProviders discover(ClassLoader loader) {
        java.util.List<NotifierProvider> found = new java.util.ArrayList<>();
        Iterator<NotifierProvider> it = ServiceLoader.load(NotifierProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                log.warn("A notifier provider cannot load and is skipped: {}", e.getMessage());
            }
        }
        return of(found);
    }

    /** @return the providers installed beside kurado-core */
    public static NotifierProviders installed() {
        return discover(NotifierProviders.class.getClassLoader());
    }

    /**
     * @param type a receiver's type
     * @return its provider, if installed
     */
    public Optional<NotifierProvider> provider(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** @return the types installed, sorted */
    public java.util.Set<String> types() {
        return byType.keySet();
    }
}
