package io.kurado.core.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A connection's bytes through TLS, with a server-side {@link SSLEngine} and no blocking: what the
 * client sent is unwrapped straight into the request buffer, answers are wrapped a record at a time
 * and sent as far as the client takes them. Handshake messages are made and sent by whichever call
 * meets them; the engine's delegated tasks (key computations) run on the calling thread.
 */
final class TlsWire implements Wire {
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final SocketChannel ch;
    private final SSLEngine engine;
    /** received, not yet unwrapped: [0, position) */
    private ByteBuffer netIn;
    /** wrapped, not yet sent: [position, limit) */
    private ByteBuffer netOut;

    TlsWire(SocketChannel ch, SSLEngine engine) throws SSLException {
        this.ch = ch;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet).flip();
        engine.beginHandshake();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        while (flush()) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                wrap(NOTHING);
                continue;
            }
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, dst);
            } finally {
                netIn.compact();
            }
            switch (r.getStatus()) {
                case OK -> {
                    if (r.bytesConsumed() > 0 || r.bytesProduced() > 0 || r.getHandshakeStatus() != hs) {
                        continue;
                    }
                    int n = fill();
                    if (n <= 0) {
                        return produced(dst, start, n);
                    }
                }
                case BUFFER_UNDERFLOW -> {
                    if (dst.position() > start) {
                        return dst.position() - start;
                    }
                    if (!netIn.hasRemaining()) {
                        netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    }
                    int n = fill();
                    if (n <= 0) {
                        return produced(dst, start, n);
                    }
                }
                case BUFFER_OVERFLOW -> {
                    if (dst.position() > start) {
                        return dst.position() - start;
                    }
                    throw new SSLException("a TLS record larger than the request buffer (" + dst.remaining() + " bytes)");
                }
                case CLOSED -> {
                    return dst.position() > start ? dst.position() - start : -1;
                }
            }
        }
        return dst.position() - start;
    }

    private int fill() throws IOException {
        return ch.read(netIn);
    }

    private static int produced(ByteBuffer dst, int start, int lastRead) {
        int n = dst.position() - start;
        return n > 0 ? n : lastRead < 0 ? -1 : 0;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        long taken = 0;
        while (flush() && remaining(srcs)) {
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            SSLEngineResult r = wrap(srcs);
            taken += r.bytesConsumed();
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                break; // the engine waits for the client (a renegotiation): the stall deadline decides
            }
        }
        return taken;
    }

    private SSLEngineResult wrap(ByteBuffer[] srcs) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(srcs, netOut);
            netOut.flip();
            switch (r.getStatus()) {
                case OK -> {
                    return r;
                }
                case BUFFER_OVERFLOW -> netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2,
                        engine.getSession().getPacketBufferSize())).flip();
                case CLOSED -> {
                    if (r.bytesProduced() > 0) {
                        return r;
                    }
                    throw new SSLException("the TLS session is closed");
                }
                case BUFFER_UNDERFLOW -> throw new SSLException("unexpected TLS state: " + r);
            }
        }
    }

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    @Override
    public boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (ch.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean pending() {
        return netOut.hasRemaining();
    }

    @Override
    public boolean buffered() {
        return netIn.position() > 0;
    }

    @Override
    public int readRoom() {
        return engine.getSession().getApplicationBufferSize();
    }

    @Override
    public void close() {
        try {
            engine.closeOutbound();
            if (flush()) {
                wrap(NOTHING);
                flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client is gone already
        }
        try {
            ch.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static boolean remaining(ByteBuffer[] bufs) {
        for (ByteBuffer b : bufs) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, atLeast));
        b.flip();
        bigger.put(b);
        return bigger;
    }
}
