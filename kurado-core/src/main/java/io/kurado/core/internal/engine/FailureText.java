package io.kurado.core.internal.engine;

import java.io.EOFException;
import java.lang.reflect.InvocationTargetException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * A failure in words for the host page and the plugin tools. A message of several words is kept as
 * it is ({@code Connection refused}, {@code Read timed out}); a message that is a single word, such
 * as a path or an address, gets the kind of failure before it ({@code file not found: /nonexistent}
 * for a {@code NoSuchFileException}, {@code unknown host: db1}), or the exception's simple name when
 * the kind is not one of the common ones; no message at all gives the kind or the simple name.
 * Wrappers without words of their own ({@code CompletionException}, {@code new RuntimeException(cause)})
 * are looked through.
 */
public final class FailureText {
    /** Common kinds of failure, most specific first, with the words that name them. */
    private static final List<Map.Entry<Class<? extends Throwable>, String>> KINDS = List.of(
            Map.entry(NoSuchFileException.class, "file not found"),
            Map.entry(AccessDeniedException.class, "permission denied"),
            Map.entry(NotDirectoryException.class, "not a directory"),
            Map.entry(FileAlreadyExistsException.class, "file already exists"),
            Map.entry(DirectoryNotEmptyException.class, "directory not empty"),
            Map.entry(ConnectException.class, "connection refused"),
            Map.entry(NoRouteToHostException.class, "no route to host"),
            Map.entry(PortUnreachableException.class, "port unreachable"),
            Map.entry(UnknownHostException.class, "unknown host"),
            Map.entry(SocketTimeoutException.class, "timed out"),
            Map.entry(HttpTimeoutException.class, "timed out"),
            Map.entry(TimeoutException.class, "timed out"),
            Map.entry(SSLException.class, "TLS error"),
            Map.entry(EOFException.class, "connection closed before the answer was complete"));

    private FailureText() {}

    /**
     * @param failure what a fetch threw
     * @return one line that says what went wrong
     */
    public static String of(Throwable failure) {
        Throwable e = unwrap(failure);
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        String kind = kind(e);
        if (kind.isEmpty()) {
            if (message.isEmpty()) {
                return e.getClass().getSimpleName();
            }
            return bare(message) ? e.getClass().getSimpleName() + ": " + message : message;
        }
        if (message.isEmpty()) {
            return kind;
        }
        return bare(message) ? kind + ": " + message : message;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        for (int depth = 0; depth < 10 && e.getCause() != null && e.getCause() != e; depth++) {
            boolean wrapper = e instanceof CompletionException || e instanceof ExecutionException
                    || e instanceof InvocationTargetException;
            boolean noWords = e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().equals(e.getCause().toString());
            if (!wrapper && !noWords) {
                break;
            }
            e = e.getCause();
        }
        return e;
    }

    private static String kind(Throwable e) {
        for (Map.Entry<Class<? extends Throwable>, String> k : KINDS) {
            if (k.getKey().isInstance(e)) {
                return k.getValue();
            }
        }
        return "";
    }

    /** @return true when the message is a single word such as a path, a host or an address */
    private static boolean bare(String message) {
        return message.chars().noneMatch(Character::isWhitespace);
    }
}
