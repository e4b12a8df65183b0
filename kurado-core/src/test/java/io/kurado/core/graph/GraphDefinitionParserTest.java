package io.kurado.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.KuradoException;
import io.kurado.api.MetricKey;
import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphElement;
import io.kurado.api.graph.Operand;
import io.kurado.api.graph.SeriesSource;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.graph.GraphElement.Area;
import io.kurado.api.graph.GraphElement.Cdef;
import io.kurado.api.graph.GraphElement.Comment;
import io.kurado.api.graph.GraphElement.Def;
import io.kurado.api.graph.GraphElement.Gprint;
import io.kurado.api.graph.GraphElement.Hrule;
import io.kurado.api.graph.GraphElement.Line;
import io.kurado.api.graph.GraphElement.Print;
import io.kurado.api.graph.GraphElement.Stack;
import io.kurado.api.graph.GraphElement.Vdef;
import io.kurado.api.graph.GraphElement.VdefFunction;
import io.kurado.api.graph.GraphElement.Vrule;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GraphDefinitionParserTest {
    private static final String D1 = "DEF:a=<%RRD a.gauge %>:x:AVERAGE\n";
    private final GraphDefinitionParser parser = new GraphDefinitionParser();

    private GraphElement last(String text) {
        List<GraphElement> e = parser.parse(text).elements();
        return e.get(e.size() - 1);
    }

    @Test
    void firstLineThatIsNoDefIsTheVerticalLabel() {
        GraphDefinition d = parser.parse("Throughput [bit/s]\n" + D1 + "LINE1:a#FF0000:in");
        assertThat(d.verticalLabel()).contains("Throughput [bit/s]");
        assertThat(d.elements()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEF:a=<%RRD a.gauge %>:n:AVERAGE\nLINE1:a#FF0000", "CDEF:c=1\nLINE1:c#FF0000"})
    void definitionStartingWithDefOrCdefHasNoLabel(String text) {
        assertThat(parser.parse(text).verticalLabel()).isEmpty();
    }

    @Test
    void vdefAsFirstLineIsTakenAsLabelAsInTheOriginal() {
        assertThat(parser.parse("VDEF:x=a,LAST\n" + D1).verticalLabel()).contains("VDEF:x=a,LAST");
    }

    @Test
    void skipsCommentsEmptyLinesAndZeroLinesAndCountsLinesOfTheText() {
        String text = "Label\n# a comment\n  // another\n\n0\n" + D1 + "\r\nLINE1:a#00FF00:x\n";
        GraphDefinition d = parser.parse(text);
        assertThat(d.elements()).extracting(GraphElement::line).containsExactly(6, 8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DEF:a=<%RRD cpu-user.derive %>:busy:AVERAGE | cpu-user.derive | | | n | AVERAGE",
        "DEF:a=<%RRD_FOR cpu-user.derive %>:x:MAX | cpu-user.derive | | | n | MAX",
        "DEF:a=<%RRD_EXTEND http%3A80 10.0.0.2 reqs.derive %>:rps:MIN | reqs.derive | http%3A80 | 10.0.0.2 | n | MIN",
        "DEF:a=<%RRD_EX base 10.0.0.3 loadavg-1.gauge %>:n:AVERAGE | loadavg-1.gauge | base | 10.0.0.3 | n | AVERAGE",
        "DEF:a=<%RRD heap_memory_usage.max.gauge %>:m:LAST | heap_memory_usage.max.gauge | | | m | LAST",
    })
    void templateTagsAndForcedDataSource(String line, String key, String plugin, String address, String ds, String cf) {
        Def d = (Def) last(line);
        SeriesSource.Tag t = (SeriesSource.Tag) d.source();
        assertThat(t.key()).isEqualTo(MetricKey.of(key));
        assertThat(t.plugin()).isEqualTo(Optional.ofNullable(plugin));
        assertThat(t.address()).isEqualTo(Optional.ofNullable(address));
        assertThat(d.ds()).isEqualTo(ds);
        assertThat(d.cf()).isEqualTo(Consolidation.valueOf(cf));
    }

    @Test
    void resolvesTagsToSeriesOfTheGraphsHostAndPluginOrTheNamedOnes() {
        GraphDefinition d = parser.parse(D1 + "DEF:b=<%RRD_EXTEND p q b.derive %>:n:AVERAGE", "10.0.0.1", "http%3A80");
        assertThat(d.isResolved()).isTrue();
        assertThat(d.series()).containsExactly(new SeriesRef("10.0.0.1", "http%3A80", MetricKey.of("a.gauge")),
                new SeriesRef("q", "p", MetricKey.of("b.derive")));
    }

    @Test
    void anUnresolvedDefinitionNamesNoSeries() {
        GraphDefinition d = parser.parse(D1);
        assertThat(d.isResolved()).isFalse();
        assertThat(d.series()).isEmpty();
        assertThat(((Def) d.elements().get(0)).source())
                .isEqualTo(new SeriesSource.Tag(MetricKey.of("a.gauge"), Optional.empty(), Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEF:a=/var/rrd/x.rrd:n:AVERAGE", "DEF:a=/var/rrd/fe80\\:\\:1/x.rrd:ds:AVERAGE"})
    void aFilePathInsteadOfATagIsRefusedNamingTheTags(String line) {
        assertThatThrownBy(() -> parser.parse(line)).isInstanceOf(GraphDefinitionException.class)
                .hasMessageContaining("template tag, not a file path").hasMessageContaining("<%RRD_FOR key.type %>");
    }

    @Test
    void lineWithWidthColourLegendStackAndDashes() {
        Line l = (Line) last(D1 + "LINE1:a#FF0000:x\nLINE2:a#00ff00cc:Cur\\: now\\l:STACK:dashes=3,6");
        assertThat(l.width()).isEqualTo(2.0);
        assertThat(l.value()).isEqualTo(new Operand.Var("a"));
        assertThat(l.colour()).contains("#00ff00cc");
        assertThat(l.legend()).contains("Cur: now\\l");
        assertThat(l.stack()).isTrue();
        assertThat(l.dashes()).containsExactly(3f, 6f);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"LINE:a#FF0000:x | 1.0", "LINE0:a#FF0000:x | 0.0", "LINE3:a#FF0000 | 3.0",
        "LINE1.5:a#FF0000 | 1.5"})
    void lineWidths(String line, double width) {
        assertThat(((Line) last(D1 + line)).width()).isEqualTo(width);
    }

    @Test
    void lineOfAConstantWithoutColour() {
        Line l = (Line) last(D1 + "LINE:100");
        assertThat(l.value()).isEqualTo(new Operand.Constant(100));
        assertThat(l.colour()).isEmpty();
        assertThat(l.legend()).isEmpty();
    }

    @Test
    void plainDashesGetADefaultPattern() {
        assertThat(((Line) last(D1 + "LINE1:a#FF0000:x:dashes")).dashes()).containsExactly(5f, 5f);
    }

    @Test
    void legendTrailingSpacesAreKept() {
        assertThat(((Area) last(D1 + "AREA:a#00C000:Inbound  ")).legend()).contains("Inbound  ");
    }

    @Test
    void areaAndStackedAreaAndOldStack() {
        GraphDefinition d = parser.parse(D1 + "AREA:a#00C000:one\nAREA:a#0000C0:two:STACK\nSTACK:a#123456:three");
        assertThat(((Area) d.elements().get(1)).stack()).isFalse();
        assertThat(((Area) d.elements().get(2)).stack()).isTrue();
        assertThat(d.elements().get(3)).isEqualTo(new Stack(4, "a", Optional.of("#123456"), Optional.of("three")));
    }

    @Test
    void oldAndNewGprintAndPrint() {
        GraphDefinition d = parser.parse(D1 + "VDEF:v=a,LAST\nGPRINT:a:MAX:Max\\:%6.2lf%sbps\\l\nGPRINT:v:%5.1lf[%%]\n"
                + "PRINT:a:AVERAGE:%lf\nPRINT:v:%le");
        assertThat(d.elements().get(2)).isEqualTo(new Gprint(3, "a", Optional.of(Consolidation.MAX), "Max:%6.2lf%sbps\\l"));
        assertThat(d.elements().get(3)).isEqualTo(new Gprint(4, "v", Optional.empty(), "%5.1lf[%%]"));
        assertThat(d.elements().get(4)).isEqualTo(new Print(5, "a", Optional.of(Consolidation.AVERAGE), "%lf"));
        assertThat(d.elements().get(5)).isEqualTo(new Print(6, "v", Optional.empty(), "%le"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a,LSLSLOPE | LSLSLOPE | ", "a,LSLINT | LSLINT | ", "a,MAXIMUM | MAXIMUM | ", "a,MINIMUM | MINIMUM | ",
        "a,AVERAGE | AVERAGE | ", "a,STDEV | STDEV | ", "a,FIRST | FIRST | ", "a,LAST | LAST | ", "a,TOTAL | TOTAL | ",
        "a,LSLCORREL | LSLCORREL | ", "a,95,PERCENT | PERCENT | 95", "a,90,PERCENTNAN | PERCENTNAN | 90",
    })
    void vdefFunctions(String rpn, String fn, Double arg) {
        Vdef v = (Vdef) last(D1 + "VDEF:v=" + rpn);
        assertThat(v.source()).isEqualTo("a");
        assertThat(v.function()).isEqualTo(VdefFunction.valueOf(fn));
        assertThat(v.argument().isPresent()).isEqualTo(arg != null);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a,0,5000000000,LIMIT,8,*", "a,900,TREND", "86400,-8,1800,a,PREDICT", "a,POP,COUNT", "a,UN,0,a,IF",
        "a,1e3,*", "a,PREV(a),-", "a,PREV,+", "a,DUP,EXC,POP", "a,ADDNAN,a,MINNAN,a,MAXNAN", "TIME,NOW,-,STEP,/",
        "a,SIN,COS,LOG,EXP,SQRT,ATAN,FLOOR,CEIL,ROUND,ABS,SIGN", "a,2,POW,a,ATAN2,a,%", "a,1,LT,a,1,GE,AND,1,OR,0,XOR",
        "a,a,a,3,SORT,3,REV,3,AVG", "a,ISINF,UNKN,INF,NEGINF,PI,E,POP,POP,POP,POP,POP,POP",
        "a,900,TRENDNAN", "86400,-2,600,a,PREDICTSIGMA", "a,a,MIN,a,MAX,DEG2RAD,RAD2DEG", "RANDOM,RND,POP",
    })
    void everyRrd4jRpnOperatorPasses(String rpn) {
        assertThat(((Cdef) last(D1 + "CDEF:c=" + rpn)).rpn()).isEqualTo(rpn);
    }

    @Test
    void commentHruleVruleAndOptions() {
        GraphDefinition d = parser.parse(D1 + "VDEF:m=a,MAXIMUM\nCOMMENT:at 12\\:00\\l\nHRULE:100#FF0000:limit:dashes=2,2\n"
                + "HRULE:m#00FF00\nVRULE:1400000000#0000FF:deploy\n--border 1\n--font-render-mode=light\n-l 0\n--rigid");
        assertThat(d.elements().get(2)).isEqualTo(new Comment(3, "at 12:00\\l"));
        assertThat(((Hrule) d.elements().get(3)).value()).isEqualTo(new Operand.Constant(100));
        assertThat(((Hrule) d.elements().get(3)).dashes()).containsExactly(2f, 2f);
        assertThat(((Hrule) d.elements().get(4)).value()).isEqualTo(new Operand.Var("m"));
        assertThat(((Vrule) d.elements().get(5)).time()).isEqualTo(1400000000L);
        assertThat(d.elements().subList(6, 10)).containsExactly(
                new GraphElement.Option(7, "border", Optional.of("1")),
                new GraphElement.Option(8, "font-render-mode", Optional.of("light")),
                new GraphElement.Option(9, "lower-limit", Optional.of("0")),
                new GraphElement.Option(10, "rigid", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // line (after the label and D1) | token named | words in the message
        "FOO:a | FOO | unknown graph element",
        "TICK:a#FF0000 | TICK | not supported",
        "LINE1 | LINE1 | needs a value",
        "DEF:b=<%RRD b %>:n:AVERAGE | <%RRD b %> | template tag",
        "DEF:b=x<%RRD b.gauge %>:n:AVERAGE | x?0? | template tag",
        "DEF:b=/x.rrd:n:AVG | AVG | consolidation function",
        "DEF:b=/x.rrd:n:AVERAGE:step=300 | step=300 | DEF options",
        "DEF:b=/x.rrd:AVERAGE | DEF:b=/x.rrd:AVERAGE | DEF must be",
        "DEF:a=/x.rrd:n:AVERAGE | a | defined twice",
        "DEF:b c=/x.rrd:n:AVERAGE | b c | invalid variable name",
        "DEF:MAX=/x.rrd:n:AVERAGE | MAX | RPN operator",
        "CDEF:c=a,0,100,CLAMP | CLAMP | unknown RPN operator",
        "CDEF:c=a,MEDIAN | MEDIAN | not supported by the renderer",
        "CDEF:c=zz,1,+ | zz | undefined variable",
        "CDEF:c=a,PREV(zz),+ | PREV(zz) | undefined variable",
        "CDEF:c=a,,+ | 'a,,+' | empty RPN token",
        "VDEF:v=a,MEDIAN | MEDIAN | VDEF function",
        "VDEF:v=zz,LAST | zz | undefined variable",
        "VDEF:v=a,PERCENT | a,PERCENT | percentile",
        "LINE1:zz#FF0000 | zz | undefined variable",
        "LINE1:a#FF00 | #FF00 | invalid colour",
        "LINE1:a#FF0000:x:SPARKLE | SPARKLE | unknown or unsupported field",
        "LINE1:a#FF0000:x:dashes=3,-1 | 'dashes=3,-1' | dashes must be positive",
        "AREA:a#FF0000:x:dashes=3,3 | 'dashes=3,3' | unknown or unsupported field",
        "STACK:a#FF0000:x | STACK | nothing to stack on",
        "AREA:a#FF0000:x:STACK | STACK | nothing to stack on",
        "GPRINT:a:%6.2lf | a | needs a VDEF",
        "GPRINT:a:AVG:%6.2lf | AVG | consolidation function",
        "GPRINT:a:LAST:%d | %d | invalid format conversion",
        "GPRINT:a:LAST:no number | no number | exactly one",
        "GPRINT:a:LAST:%lf %lf | %lf %lf | exactly one",
        "PRINT:zz:LAST:%lf | zz | undefined variable",
        "HRULE:a#FF0000 | a | HRULE needs a number or a VDEF",
        "HRULE:100 | 100 | HRULE needs a colour",
        "VRULE:a#FF0000 | a | VRULE needs a time",
        "--frobnicate | --frobnicate | unknown or unsupported rrdtool graph option",
        "-q 1 | -q | unknown rrdtool graph option",
        "--lower-limit=x | x | needs a number",
    })
    void errorsNameTheLineAndTheToken(String line, String token, String words) {
        String text = "Label\n" + D1 + "# comment\n" + line;
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(GraphDefinitionException.class)
                .isInstanceOf(KuradoException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining(words)
                .satisfies(e -> {
                    GraphDefinitionException g = (GraphDefinitionException) e;
                    assertThat(g.lineNumber()).isEqualTo(4);
                    assertThat(g.token()).isEqualTo(token);
                });
    }
}
