package io.kurado.plugins.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalDouble;

/**
 * Reads numbers from what services answer. Whatever is missing, null or not a number gives an
 * empty result, so that it becomes no sample rather than an empty or wrong value.
 */
public final class Numbers {
    private Numbers() {}

    /**
     * @param text a number as text, possibly surrounded by spaces
     * @return its value, if it is a finite number
     */
    public static OptionalDouble parse(String text) {
        if (text == null) {
            return OptionalDouble.empty();
        }
        String t = text.strip();
        if (t.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double d = Double.parseDouble(t);
            return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /**
     * @param node a JSON value, possibly missing or null
     * @return its value, if it is a number or a numeric string
     */
    public static OptionalDouble of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return OptionalDouble.empty();
        }
        if (node.isNumber()) {
            return OptionalDouble.of(node.doubleValue());
        }
        if (node.isTextual()) {
            return parse(node.textValue());
        }
        return OptionalDouble.empty();
    }
}
