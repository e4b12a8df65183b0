package io.kurado.plugins.base;

import java.util.ArrayList;
import java.util.List;

/** Splitting and number parsing shared by the collectors. */
final class Fields {
    private Fields() {}

    /**
     * @param line a line
     * @return its whitespace-separated fields, without empty ones
     */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>(20);
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out;
    }

    /**
     * Reads the leading integer of a text as Perl's {@code int()} does: {@code 57649.12} → 57649,
     * text without leading digits → 0.
     */
    static long leadingLong(String text) {
        String s = text.strip();
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return negative ? -v : v;
    }

    /**
     * Makes a device name safe for keys: every character outside {@code [A-Za-z0-9_-]} becomes
     * {@code _} ({@code mapper/vg-root} → {@code mapper_vg-root}).
     */
    static String sanitise(String device) {
        StringBuilder sb = new StringBuilder(device.length());
        for (int i = 0; i < device.length(); i++) {
            char c = device.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }
}
