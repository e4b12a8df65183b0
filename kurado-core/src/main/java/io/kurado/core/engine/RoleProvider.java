package io.kurado.core.engine;

import java.util.Set;

/**
 * Makes one {@link Role}'s component from the engine's context. The built-in roles and any a jar
 * adds are found through {@link java.util.ServiceLoader} (as {@code io.kurado.core.engine.RoleProvider});
 * a host application can also hand one to {@code Kurado.builder().role(...)}, which then replaces
 * the installed role of the same name. Only roles asked for run: installing one does not start it.
 */
public interface RoleProvider {
    /** What a role reads from the {@link EngineContext}; the engine refuses to build without it. */
    enum Need {
        /** {@link EngineContext#queue()} */
        QUEUE("a queue"),
        /** {@link EngineContext#storage()} */
        STORAGE("a storage"),
        /** {@link EngineContext#metaStore()} */
        META_STORE("a meta store");

        private final String words;

        Need(String words) {
            this.words = words;
        }

        /** @return what it is, in words */
        public String words() {
            return words;
        }
    }

    /** @return the role this provider makes */
    Role role();

    /**
     * @return where the role starts among the others, lowest first (update 100, fetch 200,
     *     scheduler 300, web 400): a role starts after those it depends on
     */
    int startOrder();

    /** @return what the role reads from the context */
    Set<Need> needs();

    /**
     * @param context what the engine shares with its roles
     * @return the role's component, not yet started
     */
    RoleComponent create(EngineContext context);
}
