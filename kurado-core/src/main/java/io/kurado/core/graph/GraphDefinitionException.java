package io.kurado.core.graph;

import io.kurado.api.KuradoException;

/** A graph definition has something that cannot be drawn; names the line and the token at fault. */
public final class GraphDefinitionException extends KuradoException {
    private static final long serialVersionUID = 1L;

    private final int lineNumber;
    private final String token;

    /**
     * @param lineNumber the 1-based line of the definition text
     * @param token the token at fault
     * @param problem what is wrong with it
     */
    public GraphDefinitionException(int lineNumber, String token, String problem) {
        super("graph definition line " + lineNumber + ": " + problem + " (token '" + token + "')");
        this.lineNumber = lineNumber;
        this.token = token;
    }

    /** @return the 1-based line of the definition text */
    public int lineNumber() {
        return lineNumber;
    }

    /** @return the token at fault */
    public String token() {
        return token;
    }
}
