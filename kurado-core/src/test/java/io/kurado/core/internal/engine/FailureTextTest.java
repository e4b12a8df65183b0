package io.kurado.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureTextTest {
    @Test
    void aMissingFileIsNamedBesideItsPath() {
        assertThat(FailureText.of(new NoSuchFileException("/nonexistent"))).isEqualTo("file not found: /nonexistent");
        assertThat(FailureText.of(new AccessDeniedException("/proc/kcore"))).isEqualTo("permission denied: /proc/kcore");
    }

    @Test
    void aMessageThatAlreadySaysWhatHappenedIsKeptAsItIs() {
        assertThat(FailureText.of(new ConnectException("Connection refused"))).isEqualTo("Connection refused");
        assertThat(FailureText.of(new SocketTimeoutException("Read timed out"))).isEqualTo("Read timed out");
        assertThat(FailureText.of(new FileNotFoundException("/x (No such file or directory)"))).isEqualTo("/x (No such file or directory)");
        assertThat(FailureText.of(new IOException("server-status failed: 500 Internal Server Error")))
                .isEqualTo("server-status failed: 500 Internal Server Error");
    }

    @Test
    void networkFailuresWithABareAddressSayWhatWentWrong() {
        assertThat(FailureText.of(new UnknownHostException("db.example"))).isEqualTo("unknown host: db.example");
        assertThat(FailureText.of(new ConnectException())).isEqualTo("connection refused");
        assertThat(FailureText.of(new ConnectException("10.0.0.5:3306"))).isEqualTo("connection refused: 10.0.0.5:3306");
        assertThat(FailureText.of(new SocketTimeoutException())).isEqualTo("timed out");
        assertThat(FailureText.of(new TimeoutException("10.0.0.5:6379"))).isEqualTo("timed out: 10.0.0.5:6379");
        assertThat(FailureText.of(new EOFException())).isEqualTo("connection closed before the answer was complete");
    }

    @Test
    void anUnknownKindWithoutWordsFallsBackToItsSimpleName() {
        assertThat(FailureText.of(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(FailureText.of(new IllegalStateException("  "))).isEqualTo("IllegalStateException");
        assertThat(FailureText.of(new IOException("/var/run/app.sock"))).isEqualTo("IOException: /var/run/app.sock");
        assertThat(FailureText.of(new IllegalArgumentException("no such column 'x'"))).isEqualTo("no such column 'x'");
    }

    @Test
    void wrappersAreLookedThrough() {
        assertThat(FailureText.of(new UncheckedIOException(new NoSuchFileException("/a")))).isEqualTo("file not found: /a");
        assertThat(FailureText.of(new CompletionException(new UnknownHostException("h")))).isEqualTo("unknown host: h");
        assertThat(FailureText.of(new RuntimeException(new NoSuchFileException("/b")))).isEqualTo("file not found: /b");
        assertThat(FailureText.of(new IllegalStateException("cannot read the config", new NoSuchFileException("/c"))))
                .isEqualTo("cannot read the config");
    }
}
