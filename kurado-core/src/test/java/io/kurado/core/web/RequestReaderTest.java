package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestReaderTest {
    @Test
    void findsTheEndOfTheHeadersOnlyOnceItHasArrived() {
        byte[] part = bytes("GET / HTTP/1.1\r\nHost: x\r\n");
        byte[] whole = bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\nrest");
        byte[] bare = bytes("GET / HTTP/1.1\nHost: x\n\n");

        assertThat(RequestReader.headEnd(part, 0, part.length)).isEqualTo(-1);
        assertThat(RequestReader.headEnd(whole, 0, whole.length)).isEqualTo(whole.length - 4);
        assertThat(RequestReader.headEnd(bare, 0, bare.length)).isEqualTo(bare.length);
    }

    @Test
    void readsTheLineAndHeadersWithTheLastValueOfARepeatedOne() {
        byte[] b = bytes("post /api/host-status?x=1 HTTP/1.1\r\nContent-Length: 16\r\nX-A: 1\r\nx-a: 2\r\nConnection: close\r\n\r\n");

        HttpHead head = RequestReader.head(b, 0, RequestReader.headEnd(b, 0, b.length));

        assertThat(head.method()).isEqualTo("POST");
        assertThat(head.target()).isEqualTo("/api/host-status?x=1");
        assertThat(head.length()).isEqualTo(16);
        assertThat(head.header("x-a")).contains("2");
        assertThat(head.keepAlive()).isFalse();
    }

    @Test
    void keepsHttp11ConnectionsOpenAndClosesHttp10Ones() {
        byte[] a = bytes("GET / HTTP/1.1\r\n\r\n");
        byte[] b = bytes("GET / HTTP/1.0\r\n\r\n");

        assertThat(RequestReader.head(a, 0, a.length).keepAlive()).isTrue();
        assertThat(RequestReader.head(b, 0, b.length).keepAlive()).isFalse();
    }

    @Test
    void refusesWhatItCannotServeWithTheStatusToAnswer() {
        assertThat(status("GET /\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nno colon\r\n\r\n")).isEqualTo(400);
        assertThat(status("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n")).isEqualTo(400);
        assertThat(status("POST / HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n")).isEqualTo(413);
        assertThat(status("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")).isEqualTo(501);
        byte[] huge = bytes("GET / HTTP/1.1\r\nX: " + "a".repeat(RequestReader.MAX_HEAD));
        assertThat(catchThrowableOfType(WebException.class, () -> RequestReader.headEnd(huge, 0, huge.length)).status()).isEqualTo(431);
    }

    private static int status(String request) {
        byte[] b = bytes(request);
        return catchThrowableOfType(WebException.class, () -> RequestReader.head(b, 0, RequestReader.headEnd(b, 0, b.length))).status();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
