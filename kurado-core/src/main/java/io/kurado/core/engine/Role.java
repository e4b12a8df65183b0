package io.kurado.core.engine;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The name of a job a Kurado process can run: one of the four built in ({@link #SCHEDULER},
 * {@link #FETCH}, {@link #UPDATE}, {@link #WEB}) or one a {@link RoleProvider} adds. A host
 * application runs any set of them; {@link #DEFAULTS}, the four, is what runs when it names none,
 * and it does not grow when a new role is installed.
 */
public final class Role implements Comparable<Role> {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    /** Once a minute, enqueue one fetch job per host and pull plugin. */
    public static final Role SCHEDULER = new Role("scheduler");
    /** Run fetchers for the jobs on the fetch queue and queue what they return. */
    public static final Role FETCH = new Role("fetch");
    /** Write metric batches from the update queue into storage and the meta store. */
    public static final Role UPDATE = new Role("update");
    /** Serve the web UI. */
    public static final Role WEB = new Role("web");
    /** The roles run when none are chosen: scheduler, fetch, update and web. */
    public static final Set<Role> DEFAULTS = Collections.unmodifiableSet(new LinkedHashSet<>(java.util.List.of(SCHEDULER, FETCH, UPDATE, WEB)));

    private final String name;

    private Role(String name) {
        this.name = name;
    }

    /**
     * @param name a role's name: lower-case letters, digits and dashes, such as {@code alerts}
     * @return the role of that name
     * @throws IllegalArgumentException when the name is not one
     */
    public static Role of(String name) {
        String n = Objects.requireNonNull(name, "name").strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a role name (lower-case letters, digits and dashes)");
        }
        for (Role r : DEFAULTS) {
            if (r.name.equals(n)) {
                return r;
            }
        }
        return new Role(n);
    }

    /**
     * Parses a comma-separated list such as {@code scheduler,fetch,update,web}. Whether a role of
     * each name is installed is checked when the engine is built.
     *
     * @param text the list
     * @return the roles, in the order given
     * @throws IllegalArgumentException naming a malformed name, or when the list is empty
     */
    public static Set<Role> parse(String text) {
        Set<Role> roles = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                roles.add(of(part));
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("no role given (the built-in ones are scheduler, fetch, update and web)");
        }
        return roles;
    }

    /** @return the role's name as the command line writes it */
    public String label() {
        return name;
    }

    @Override
    public int compareTo(Role o) {
        return name.compareTo(o.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Role && ((Role) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
