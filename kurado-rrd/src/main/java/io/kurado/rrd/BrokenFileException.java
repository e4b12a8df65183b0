package io.kurado.rrd;

import java.io.IOException;

/** An RRD file that is not sound: the message says what is wrong with it, in words. */
final class BrokenFileException extends IOException {
    private static final long serialVersionUID = 1L;

    BrokenFileException(String reason) {
        super(reason);
    }
}
