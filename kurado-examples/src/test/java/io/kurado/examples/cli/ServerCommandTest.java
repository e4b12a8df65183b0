package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {
    @TempDir
    Path dir;

    @Test
    void aListenAddressInUseIsOneLineAndExit1BeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = KuradoCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            Path data = dir.resolve("data");

            int status = cl.execute("server", "--demo", "--listen", "127.0.0.1:" + port, "--data-dir", data.toString());

            assertThat(status).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("cannot listen on 127.0.0.1:" + port + ": address already in use" + System.lineSeparator());
            assertThat(out.toString()).isEmpty();
            assertThat(data).as("nothing started, nothing created").doesNotExist();
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefusedWithOneLineNamingTheDirectoryAndTheProcessAndExit1() throws Exception {
        Path data = java.nio.file.Files.createDirectories(dir.resolve("data"));
        try (io.kurado.rrd.RrdStorage first = new io.kurado.rrd.RrdStorage(data,
                io.kurado.rrd.RrdStorageOptions.defaults(java.time.InstantSource.system()))) {
            first.openForWriting(); // the first server
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = KuradoCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));

            int status = cl.execute("server", "--demo", "--listen", "127.0.0.1:0", "--data-dir", data.toString());

            assertThat(status).isEqualTo(1);
            assertThat(err.toString()).startsWith("another process writes into the data directory " + data.toRealPath()
                    + ": it is held by process " + ProcessHandle.current().pid() + " on ")
                    .endsWith("; a data directory has one writer (its lock is " + data.toRealPath().resolve(".journal/lock") + ")"
                            + System.lineSeparator())
                    .hasLineCount(1);
            assertThat(out.toString()).isEmpty();
        }
    }

    @Test
    void aFreeAddressPassesTheCheck() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(ServerCommand.cannotListen(new InetSocketAddress("127.0.0.1", port))).isEmpty();
        assertThat(ServerCommand.cannotListen(InetSocketAddress.createUnresolved("127.0.0.1", port))).isEmpty();
    }
}
