package io.kurado.plugins.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Responses recorded from real servers, in {@code src/test/resources/recorded/<plugin>/}. */
public final class Recorded {
    private Recorded() {}

    /**
     * @param path relative to {@code recorded/}
     * @return the file's text
     */
    public static String text(String path) {
        try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded response " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
