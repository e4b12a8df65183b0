package io.kurado.plugins.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads the JSON documents of status pages. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /**
     * @param text the document
     * @param where where it came from, for the message
     * @return the document's root
     * @throws IOException when it is not JSON; the message says where it came from
     */
    public static JsonNode parse(String text, String where) throws IOException {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw new IOException(where + " sent an empty document instead of JSON");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(where + " did not send JSON: " + e.getOriginalMessage(), e);
        }
    }
}
