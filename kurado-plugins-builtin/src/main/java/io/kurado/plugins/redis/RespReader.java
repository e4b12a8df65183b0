package io.kurado.plugins.redis;

import io.kurado.plugins.support.TextConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads replies of the Redis protocol (RESP 2) from a connection. */
final class RespReader {
    private RespReader() {}

    /** A reply: a line ({@code +OK}, {@code :12}), a bulk string, an array or an error. */
    record Reply(String text, List<Reply> items, boolean error) {
        static Reply of(String text) {
            return new Reply(text, List.of(), false);
        }
    }

    static Reply read(TextConnection c) throws IOException {
        String line = c.readLine();
        if (line.isEmpty()) {
            throw new IOException("empty reply from " + c.where());
        }
        String rest = line.substring(1);
        switch (line.charAt(0)) {
            case '+':
            case ':':
                return Reply.of(rest);
            case '-':
                return new Reply(rest, List.of(), true);
            case '$': {
                int n = length(rest, c);
                if (n < 0) {
                    return Reply.of("");
                }
                String body = c.readBytes(n);
                c.readLine();
                return Reply.of(body);
            }
            case '*': {
                int n = length(rest, c);
                List<Reply> items = new ArrayList<>(Math.max(n, 0));
                for (int i = 0; i < n; i++) {
                    items.add(read(c));
                }
                return new Reply("", items, false);
            }
            default:
                throw new IOException(c.where() + " does not speak the Redis protocol (it sent '" + abbreviate(line) + "')");
        }
    }

    private static int length(String text, TextConnection c) throws IOException {
        try {
            int n = Integer.parseInt(text.strip());
            if (n > TextConnection.MAX_BYTES) {
                throw new IOException(c.where() + " announced a reply of " + n + " bytes; giving up");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException(c.where() + " sent a bad length '" + abbreviate(text) + "'", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
