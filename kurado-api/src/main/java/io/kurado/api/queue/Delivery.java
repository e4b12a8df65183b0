package io.kurado.api.queue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One message taken from a queue, to be acknowledged once it has been handled.
 *
 * <p>A message is bytes: an agent may push anything, including bytes that are not UTF-8. The
 * delivery keeps the bytes exactly as they were taken, so that an acknowledgement names the very
 * message that was taken whatever its bytes; {@link #payload()} is the text for readers, with
 * every byte sequence that is not UTF-8 replaced by U+FFFD. A queue that holds text creates its
 * deliveries from the text, which then reads back unchanged.
 *
 * <p>Immutable. Two deliveries are equal when they have the same topic and the same bytes.
 *
 * @since 0.1
 */
public final class Delivery {
    private final Topic topic;
    private volatile byte[] body;
    private volatile String payload;

    /**
     * A delivery of a message held as text.
     *
     * @param topic the queue it came from
     * @param payload the message
     */
    public Delivery(Topic topic, String payload) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.payload = Objects.requireNonNull(payload, "payload");
    }

    /**
     * A delivery of a message held as bytes.
     *
     * @param topic the queue it came from
     * @param body the message's bytes, copied
     */
    public Delivery(Topic topic, byte[] body) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.body = Objects.requireNonNull(body, "body").clone();
    }

    /** @return the queue it came from */
    public Topic topic() {
        return topic;
    }

    /** @return the message as text; byte sequences that are not UTF-8 read as U+FFFD */
    public String payload() {
        String p = payload;
        if (p == null) {
            p = new String(body, StandardCharsets.UTF_8);
            payload = p;
        }
        return p;
    }

    /** @return a copy of the message's bytes (the UTF-8 encoding of a message held as text) */
    public byte[] body() {
        return bytes().clone();
    }

    /** @return the length of the message in bytes */
    public int size() {
        byte[] b = body;
        return b != null ? b.length : utf8Length(payload);
    }

    private byte[] bytes() {
        byte[] b = body;
        if (b == null) {
            b = payload.getBytes(StandardCharsets.UTF_8);
            body = b;
        }
        return b;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += Character.isSurrogate(c) ? 1 : 3; // a lone surrogate encodes as '?'
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Delivery d && topic.equals(d.topic) && Arrays.equals(bytes(), d.bytes());
    }

    @Override
    public int hashCode() {
        return topic.hashCode() * 31 + Arrays.hashCode(bytes());
    }

    /** @return the topic and the message's size, never its content */
    @Override
    public String toString() {
        return "Delivery[topic=" + topic + ", " + size() + " bytes]";
    }
}
