package io.kurado.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The integration tests' Redis is the suite's own unless the developer names one. */
class PrerequisitesIT {

    @Test
    void theTestsRedisIsAServerOfTheSuitesOwnNotTheOneOnTheDefaultPort() throws IOException {
        assumeTrue(System.getProperty(Prerequisites.REDIS_URI_PROPERTY, "").isBlank(), "-Dkurado.it.redis.uri names a Redis");
        URI uri = Prerequisites.redisUri();

        assertThat(uri.getPort()).isNotEqualTo(6379);
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        // The server answering there keeps its files in the directory the suite made for it.
        assertThat(command(uri, "CONFIG", "GET", "dir")).contains("kurado-test-redis-");
        // ...and it is one server for the whole JVM.
        assertThat(Prerequisites.redisUri()).isEqualTo(uri);
    }

    private static String command(URI uri, String... args) throws IOException {
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(5_000);
            StringBuilder sb = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) {
                sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
            }
            s.getOutputStream().write(sb.toString().getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            StringBuilder reply = new StringBuilder();
            // *2 $3 dir $N <path>: read until the reply holds its four lines
            while (reply.chars().filter(c -> c == '\n').count() < 5) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                reply.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return reply.toString();
        }
    }
}
