package io.kurado.redis;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a Lettuce client running: every client's threads must be gone a
 * few seconds after its tests. A client that is only closed, not shut down, keeps its threads and
 * makes Lettuce log "DefaultClientResources was not shut down properly" when it is collected.
 */
public final class NoLettuceClientLeft implements AfterAllCallback {
    private static final Duration GRACE = Duration.ofSeconds(5);

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        long deadline = System.nanoTime() + GRACE.toNanos();
        List<String> left = lettuceThreads();
        while (!left.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(context.getDisplayName() + " (or a class before it in this JVM) left Lettuce "
                        + "clients running, still " + left + " " + GRACE.toSeconds() + " s after its tests; shut every "
                        + "RedisClient down (try-with-resources)");
            }
            Thread.sleep(20);
            left = lettuceThreads();
        }
    }

    private static List<String> lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("lettuce-")).sorted().toList();
    }
}
