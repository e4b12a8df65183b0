package io.kurado.plugins.agent;

import java.util.List;

/**
 * The agent's {@code conf.d} directory has errors. The message lists every problem, each naming
 * the file and line.
 *
 * @since 0.1
 */
public class ConfDirException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems the problems, each {@code file:line: what} */
    public ConfDirException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems, each {@code file:line: what} */
    public List<String> problems() {
        return problems;
    }
}
