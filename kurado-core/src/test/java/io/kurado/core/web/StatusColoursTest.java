package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each status has a colour of its own, the conventional one, in the stylesheet every page uses. */
class StatusColoursTest {
    private final WebFixture f = new WebFixture();

    @Test
    void okIsGreenWarningAmberCriticalRedAndUnknownGrey() {
        String css = f.get("/static/kurado.css").bodyText();

        int[] ok = colour(css, "st-ok");
        int[] warning = colour(css, "st-warning");
        int[] critical = colour(css, "st-critical");
        int[] unknown = colour(css, "st-unknown");
        int[] waiting = colour(css, "st-waiting");

        assertThat(ok[1]).as("ok is green").isGreaterThan(ok[0] + 60).isGreaterThan(ok[2] + 60);
        assertThat(warning[0]).as("warning is amber: red and green high, blue low").isGreaterThan(180);
        assertThat(warning[1]).as("warning is amber, not red nor orange-red").isBetween(140, 215);
        assertThat(warning[2]).isLessThan(80);
        assertThat(critical[0]).as("critical is red").isGreaterThan(180);
        assertThat(critical[1]).isLessThan(80);
        assertThat(critical[2]).isLessThan(80);
        for (int[] grey : new int[][] {unknown, waiting}) {
            assertThat(Math.max(grey[0], Math.max(grey[1], grey[2])) - Math.min(grey[0], Math.min(grey[1], grey[2])))
                    .as("unknown and waiting are grey").isLessThan(20);
        }
    }

    @Test
    void theIndexScriptKnowsTheWaitingMark() {
        String js = f.get("/static/kurado.js").bodyText();

        assertThat(js).contains("'st st-waiting'", "waiting=1");
    }

    /** @return the red, green and blue of a status class's colour, resolving {@code var(--x)} */
    private static int[] colour(String css, String cls) {
        Map<String, String> vars = new HashMap<>();
        Matcher v = Pattern.compile("--([a-z-]+):\\s*(#[0-9A-Fa-f]{3,6})").matcher(css);
        while (v.find()) {
            vars.put(v.group(1), v.group(2));
        }
        Matcher m = Pattern.compile("\\." + cls + "\\b[^{]*\\{[^}]*?color:\\s*([^;}]+)").matcher(css);
        assertThat(m.find()).as("a colour for .%s", cls).isTrue();
        String value = m.group(1).strip();
        Matcher var = Pattern.compile("var\\(--([a-z-]+)\\)").matcher(value);
        if (var.matches()) {
            value = vars.get(var.group(1));
        }
        String hex = value.substring(1);
        if (hex.length() == 3) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        int rgb = Integer.parseInt(hex, 16);
        return new int[] {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
    }
}
