package io.kurado.core.engine;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The jobs a Kurado process can run; a host application may run any subset. */
public enum Role {
    /** Once a minute, enqueue one fetch job per host and pull plugin. */
    SCHEDULER,
    /** Run fetchers for the jobs on the fetch queue and queue what they return. */
    FETCH,
    /** Write metric batches from the update queue into storage and the meta store. */
    UPDATE,
    /** Serve the web UI. */
    WEB;

    /**
     * Parses a comma-separated list such as {@code scheduler,fetch,update,web}.
     *
     * @param text the list
     * @return the roles
     * @throws IllegalArgumentException naming an unknown role
     */
    public static Set<Role> parse(String text) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                roles.add(Role.valueOf(p.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown role '" + p + "' (expected scheduler, fetch, update or web)");
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("no role given (expected scheduler, fetch, update or web)");
        }
        return roles;
    }

    /** @return the role's name as the command line writes it */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
