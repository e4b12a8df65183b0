package io.kurado.plugins.support;

import io.kurado.api.fetch.FetchContext;
import io.kurado.api.view.ViewContext;
import java.util.Optional;

/** Reads the plugin arguments of a roll entry ({@code http:8080:/status}). */
public final class Args {
    private Args() {}

    /**
     * @param context the fetch
     * @param index the argument's position, from 0
     * @param defaultPort the plugin's default port
     * @return the port given at that position, or the default
     * @throws IllegalArgumentException when the argument is not a port number
     */
    public static int port(FetchContext context, int index, int defaultPort) {
        return port(context.argument(index), defaultPort);
    }

    /**
     * @param context the view
     * @param index the argument's position, from 0
     * @param defaultPort the default port of the plugin's fetcher
     * @return the port given at that position, as text, or the default
     */
    public static String port(ViewContext context, int index, int defaultPort) {
        return context.argument(index).orElse(Integer.toString(defaultPort));
    }

    /**
     * @param argument the argument, if given
     * @param defaultPort the default
     * @return the port
     * @throws IllegalArgumentException when the argument is not a port number
     */
    public static int port(Optional<String> argument, int defaultPort) {
        if (argument.isEmpty()) {
            return defaultPort;
        }
        String a = argument.get().strip();
        try {
            int p = Integer.parseInt(a);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + a + "' is not a port number (1-65535)");
    }
}
