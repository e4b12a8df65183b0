package io.kurado.plugins.support;

import io.kurado.api.fetch.FetchContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Deadlines and failure messages shared by the network clients of the built-in fetchers. */
public final class Net {
    /** The longest a connect may take, as in the original (its TCP plugins waited 4 s). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(4);

    private Net() {}

    /**
     * @param context the fetch
     * @return the milliseconds left before the fetch's deadline, at least 1
     * @throws SocketTimeoutException when no time is left
     */
    public static int millisLeft(FetchContext context) throws SocketTimeoutException {
        long ms = context.remaining().toMillis();
        if (ms <= 0) {
            throw new SocketTimeoutException("the fetch's deadline has passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    /**
     * @param context the fetch
     * @return the connect timeout: {@link #CONNECT_TIMEOUT} or the time left, whichever is shorter
     * @throws SocketTimeoutException when no time is left
     */
    public static int connectMillis(FetchContext context) throws SocketTimeoutException {
        return (int) Math.min(CONNECT_TIMEOUT.toMillis(), millisLeft(context));
    }

    /**
     * Says in a few words why talking to a server failed, e.g. {@code connection refused at
     * 10.0.0.5:3306}.
     *
     * @param e the failure
     * @param where {@code address:port}
     * @return an exception whose message is that sentence, caused by {@code e}
     */
    public static IOException describe(Exception e, String where) {
        String why;
        if (e instanceof ConnectException && !(e instanceof HttpConnectTimeoutException)) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            why = m.contains("timed out") ? "connect timed out" : "connection refused";
        } else if (e instanceof HttpConnectTimeoutException) {
            why = "connect timed out";
        } else if (e instanceof SocketTimeoutException || e instanceof HttpTimeoutException) {
            why = "no answer in time";
        } else if (e instanceof UnknownHostException) {
            why = "unknown host";
        } else if (e instanceof NoRouteToHostException) {
            why = "no route to host";
        } else {
            String m = e.getMessage();
            why = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        }
        return new IOException(why + " at " + where, e);
    }

    /**
     * @param address an IPv4 address, a host name or an IPv6 address
     * @param port the port
     * @return {@code address:port}, IPv6 addresses in brackets
     */
    public static String where(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
