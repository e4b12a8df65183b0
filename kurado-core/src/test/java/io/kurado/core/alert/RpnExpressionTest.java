package io.kurado.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RpnExpressionTest {
    @Test
    void evaluatesACdefOverNumbers() {
        RpnExpression e = RpnExpression.compile("used,used,avail,+,/,100,*", List.of("used", "avail"));
        assertThat(e.evaluate(new double[] {90, 10})).isEqualTo(90.0);
        assertThat(e.evaluate(new double[] {Double.NaN, 10})).isNaN();
        assertThat(RpnExpression.compile("a,0,100,LIMIT", List.of("a")).evaluate(new double[] {101})).isNaN();
        assertThat(RpnExpression.compile("a,UN,0,a,IF", List.of("a")).evaluate(new double[] {Double.NaN})).isZero();
        assertThat(RpnExpression.compile("a,b,EXC,-", List.of("a", "b")).evaluate(new double[] {1, 3})).isEqualTo(2.0);
        assertThat(RpnExpression.compile("a,b,MAXNAN", List.of("a", "b")).evaluate(new double[] {Double.NaN, 3})).isEqualTo(3.0);
        assertThat(RpnExpression.compile("a,DUP,*", List.of("a")).evaluate(new double[] {4})).isEqualTo(16.0);
    }

    @Test
    void refusesWhatCannotBeEvaluatedOnOnePoint() {
        assertThatThrownBy(() -> RpnExpression.compile("a,PREV,-", List.of("a"))).hasMessageContaining("'PREV' looks at other points");
        assertThatThrownBy(() -> RpnExpression.compile("a,b,+", List.of("a"))).hasMessageContaining("'b' is neither");
        assertThatThrownBy(() -> RpnExpression.compile("a,+", List.of("a"))).hasMessageContaining("'+' needs 2 value(s)");
        assertThatThrownBy(() -> RpnExpression.compile("a,a", List.of("a"))).hasMessageContaining("leaves 2 values");
        assertThatThrownBy(() -> RpnExpression.compile("a,,+", List.of("a"))).hasMessageContaining("empty token");
        assertThatThrownBy(() -> RpnExpression.compile("a,MEDIAN", List.of("a"))).hasMessageContaining("cannot be used");
    }

    @Test
    void flappingWeighsNewerChangesMore() {
        int bits = 0;
        for (int i = 0; i < 21; i++) {
            bits = Flapping.add(bits, i % 2 == 0);
        }
        assertThat(Flapping.percentChange(bits, 21)).isCloseTo(100.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(Flapping.percentChange(0b1, 21)).as("one change, the newest").isCloseTo(1.25 * 100 / 20, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(Flapping.percentChange(1 << 20, 21)).as("one change, the oldest").isCloseTo(0.75 * 100 / 20, org.assertj.core.api.Assertions.within(1e-9));
    }
}
