package io.kurado.core.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the integration tests need from the machine: a Redis server, a program on the path. On a
 * developer's machine a missing prerequisite skips the test with a message saying what to install;
 * under CI ({@code KURADO_CI=true}, set by {@code .ci/run}, which installs everything) it fails.
 */
public final class Prerequisites {
    private Prerequisites() {}

    /** The system property that points the tests at a Redis of the developer's choosing. */
    public static final String REDIS_URI_PROPERTY = "kurado.it.redis.uri";

    /**
     * The Redis the integration tests use. Unless {@code -Dkurado.it.redis.uri} names one, it is a
     * {@code redis-server} of the suite's own on a free port, started on first use and stopped when
     * the JVM exits: the tests never touch a Redis the developer runs (whose server would take
     * their batches), whatever listens on 6379.
     *
     * @return its address
     */
    public static URI redisUri() {
        String chosen = System.getProperty(REDIS_URI_PROPERTY, "").trim();
        if (!chosen.isEmpty()) {
            return URI.create(chosen);
        }
        if (!available("redis-server")) {
            missing("redis-server is not on the PATH (install it from Debian's packages: sudo apt-get install redis-server;"
                    + " .ci/run does), or point the tests at a Redis with -D" + REDIS_URI_PROPERTY + "=redis://host:port");
        }
        return SuiteRedis.uri();
    }

    /** Requires a Redis answering at {@link #redisUri()}. */
    public static void redis() {
        URI uri = redisUri();
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), port), 2_000);
        } catch (IOException e) {
            missing("no Redis answers at " + uri.getHost() + ":" + port
                    + " (is -D" + REDIS_URI_PROPERTY + " right?)");
        }
    }

    /**
     * Requires a program.
     *
     * @param program its name, looked up on the PATH, or an absolute path
     */
    public static void program(String program) {
        if (!available(program)) {
            missing(program.startsWith("/") ? program + " is not installed"
                    : program + " is not on the PATH (install it from Debian's packages; .ci/run does)");
        }
    }

    /**
     * @param program its name, looked up on the PATH, or an absolute path
     * @return whether it can be run
     */
    static boolean available(String program) {
        if (program.startsWith("/")) {
            return new File(program).canExecute();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Requires programs at absolute paths, saying which Debian packages install them.
     *
     * @param debianPackages the packages, as {@code apt-get install} takes them
     * @param paths the programs
     */
    public static void programs(String debianPackages, String... paths) {
        for (String p : paths) {
            if (!new File(p).canExecute()) {
                missing(p + " is not installed; install it with: sudo apt-get install " + debianPackages);
            }
        }
    }

    /**
     * Skips the calling test, or fails it under CI. The reason is also printed on the console: a
     * skipped test's reason otherwise appears only in the test reports.
     *
     * @param why what is missing and how to get it
     */
    public static void missing(String why) {
        if ("true".equals(System.getenv("KURADO_CI"))) {
            Assertions.fail(why);
        }
        System.out.println("[SKIPPED] " + why);
        Assumptions.abort(why);
    }
}
