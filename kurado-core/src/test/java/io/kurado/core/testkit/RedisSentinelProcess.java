package io.kurado.core.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Sentinel ({@code redis-server --sentinel}) on a free loopback port, watching one master as
 * {@code mymaster}, for tests of a {@code redis-sentinel://127.0.0.1:<port>#mymaster} setting.
 */
public final class RedisSentinelProcess implements AutoCloseable {
    /** The name under which it watches the master. */
    public static final String MASTER = "mymaster";

    private final Path dir;
    private final int masterPort;
    private final int port;
    private Process process;

    /**
     * @param dir where it keeps its configuration and log
     * @param masterPort the port of the master on 127.0.0.1
     * @throws IOException when no free port can be found
     */
    public RedisSentinelProcess(Path dir, int masterPort) throws IOException {
        this.dir = dir;
        this.masterPort = masterPort;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** @return {@code redis-sentinel://127.0.0.1:<port>#mymaster} */
    public String setting() {
        return "redis-sentinel://127.0.0.1:" + port + "#" + MASTER;
    }

    /**
     * Starts it and waits until it names the master.
     *
     * @return this
     * @throws IOException when its configuration cannot be written
     * @throws InterruptedException when interrupted while waiting
     */
    public RedisSentinelProcess start() throws IOException, InterruptedException {
        Prerequisites.program("redis-server");
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + dir,
                "logfile " + dir.resolve("sentinel.log"),
                "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 1",
                "sentinel down-after-milliseconds " + MASTER + " 5000",
                ""));
        process = new ProcessBuilder("redis-server", conf.toString(), "--sentinel").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sentinel.out").toFile())).start();
        Await.until("the Sentinel on port " + port + " names the master", Duration.ofSeconds(20), () -> process.isAlive() && answers());
        return this;
    }

    private boolean answers() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("SENTINEL get-master-addr-by-name " + MASTER + "\r\n").getBytes());
            byte[] buf = new byte[256];
            int n = s.getInputStream().read(buf);
            return n > 0 && new String(buf, 0, n).contains(Integer.toString(masterPort));
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
