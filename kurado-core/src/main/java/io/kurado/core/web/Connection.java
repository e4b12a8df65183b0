package io.kurado.core.web;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Optional;

/**
 * One client connection of {@link NioWebServer}: the bytes received and not yet used, the request
 * being read, the answer being written and the deadline of whichever it is waiting for. Touched by
 * the server's selector thread, and by one worker between a complete request and its answer; the
 * hand-over goes through the server's task queue.
 */
final class Connection {
    /** What the connection waits for. */
    enum State {
        /** the next request, or the rest of one */
        READING,
        /** a worker is answering */
        ANSWERING,
        /** the client to take the rest of the answer */
        WRITING
    }

    final SocketChannel channel;
    /** the channel's bytes, in the clear or through TLS */
    final Wire wire;
    final SelectionKey key;
    final InetAddress address;
    State state = State.READING;
    /** System.nanoTime() after which the connection is closed, in READING and WRITING */
    long deadline;
    /** received bytes in [0, filled) */
    byte[] in = new byte[2048];
    int filled;
    Optional<HttpHead> head = Optional.empty();
    int headEnd;
    boolean continueSent;
    ByteBuffer[] out = new ByteBuffer[0];
    boolean closeAfter;

    Connection(SocketChannel channel, Wire wire, SelectionKey key, InetAddress address) {
        this.channel = channel;
        this.wire = wire;
        this.key = key;
        this.address = address;
    }

    /** @return whether part of a request has arrived */
    boolean partial() {
        return filled > 0;
    }

    /**
     * Makes room for at least {@code more} bytes after those received.
     *
     * @param more bytes wanted
     */
    void room(int more) {
        if (in.length - filled < more) {
            in = Arrays.copyOf(in, Math.max(in.length * 2, filled + more));
        }
    }

    /**
     * Forgets the first {@code n} bytes, those of the request just read.
     *
     * @param n bytes used
     */
    void consume(int n) {
        System.arraycopy(in, n, in, 0, filled - n);
        filled -= n;
        head = Optional.empty();
        headEnd = 0;
        continueSent = false;
        if (in.length > 64 * 1024 && filled < 4096) {
            in = Arrays.copyOf(in, 2048);
        }
    }

    /** @return whether every byte of the answer is written */
    boolean written() {
        if (wire.pending()) {
            return false;
        }
        for (ByteBuffer b : out) {
            if (b.hasRemaining()) {
                return false;
            }
        }
        return true;
    }
}
