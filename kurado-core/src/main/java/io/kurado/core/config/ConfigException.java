package io.kurado.core.config;

import io.kurado.api.KuradoException;
import java.util.List;
import java.util.stream.Collectors;

/** A configuration could not be loaded; carries every problem found, each with file and line. */
public final class ConfigException extends KuradoException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** @param problems every problem found; at least one */
    public ConfigException(List<ConfigProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems, in the order they were found */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(List<ConfigProblem> problems) {
        if (problems.size() == 1) {
            return "Invalid configuration: " + problems.get(0);
        }
        return problems.size() + " problems in the configuration:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
