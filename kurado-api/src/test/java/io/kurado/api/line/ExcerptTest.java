package io.kurado.api.line;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {
    @Test
    void keepsShortPrintableTextAsItIs() {
        String s = "10.0.0.1 caf\u00e9 \u65e5\u672c \ud83d\ude00";
        assertThat(Excerpt.of(s)).isSameAs(s);
    }

    @Test
    void escapesControlSeparatorAndFormatCharacters() {
        assertThat(Excerpt.of("a\tb\rc\nd\u001b[31me\u0000f\u007fg\u0085h\u2028i\u202ej\ud800k"))
                .isEqualTo("a\\tb\\rc\\nd\\x1B[31me\\x00f\\x7Fg\\x85h\\u2028i\\u202Ej\\uD800k");
    }

    @Test
    void cutsLongTextAndSaysHowMuchWasLeftOut() {
        assertThat(Excerpt.of("x".repeat(1_000_000))).isEqualTo("x".repeat(80) + "...(999920 more characters)");
        assertThat(Excerpt.of("abcdef", 3)).isEqualTo("abc...(3 more characters)");
    }

    @Test
    void neverCutsASurrogatePairInHalf() {
        String s = "ab\ud83d\ude00cd";
        assertThat(Excerpt.of(s, 3)).isEqualTo("ab...(4 more characters)");
        assertThat(Excerpt.of(s, 4)).isEqualTo("ab\ud83d\ude00...(2 more characters)");
    }
}
