package io.kurado.core.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The bytes of one connection of {@link NioWebServer}, in the clear or through TLS ({@link TlsWire}).
 * Never blocks; used by one thread at a time.
 */
interface Wire {
    /**
     * @param dst where the request's bytes go; it has at least {@link #readRoom()} bytes free
     * @return the bytes put in {@code dst}, or -1 at the end of the stream
     * @throws IOException when the connection fails
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * @param srcs the answer's bytes
     * @return how many of them were taken (sent, or held to be sent by {@link #flush})
     * @throws IOException when the connection fails
     */
    long write(ByteBuffer[] srcs) throws IOException;

    /**
     * Sends bytes the wire holds (TLS records, handshake messages).
     *
     * @return whether none is left
     * @throws IOException when the connection fails
     */
    boolean flush() throws IOException;

    /** @return whether bytes wait to be sent */
    boolean pending();

    /** @return whether bytes received wait to be read (and no readiness will announce them) */
    boolean buffered();

    /** @return the room {@link #read} needs in its buffer */
    int readRoom();

    /** Says goodbye (TLS close_notify) if the client can take it at once, and closes the channel. */
    void close();

    /**
     * @param ch a connected channel
     * @return its bytes in the clear
     */
    static Wire plain(SocketChannel ch) {
        return new Wire() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return ch.read(dst);
            }

            @Override
            public long write(ByteBuffer[] srcs) throws IOException {
                return ch.write(srcs);
            }

            @Override
            public boolean flush() {
                return true;
            }

            @Override
            public boolean pending() {
                return false;
            }

            @Override
            public boolean buffered() {
                return false;
            }

            @Override
            public int readRoom() {
                return 512;
            }

            @Override
            public void close() {
                try {
                    ch.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        };
    }
}
