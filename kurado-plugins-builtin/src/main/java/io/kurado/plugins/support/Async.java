package io.kurado.plugins.support;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Helpers for fetchers that override {@code fetchAsync}. */
public final class Async {
    private Async() {}

    /** A step that may throw, such as reading a page into a result. */
    @FunctionalInterface
    public interface Step<T, R> {
        /**
         * @param value the input
         * @return the output
         * @throws Exception when the input cannot be read
         */
        R apply(T value) throws Exception;
    }

    /**
     * @param stage a stage
     * @param step what to do with its value
     * @return a stage completing with the step's result, or exceptionally with what it threw
     */
    public static <T, R> CompletableFuture<R> then(CompletionStage<T> stage, Step<T, R> step) {
        return stage.toCompletableFuture().thenApply(v -> {
            try {
                return step.apply(v);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    /**
     * @param cause what a future failed with
     * @return it as an {@link IOException} to rethrow, unwrapping completion wrappers
     */
    public static IOException unwrap(Throwable cause) {
        Throwable c = cause;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof IOException io) {
            return io;
        }
        if (c instanceof RuntimeException r) {
            throw r;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return new IOException(c.getMessage(), c);
    }
}
