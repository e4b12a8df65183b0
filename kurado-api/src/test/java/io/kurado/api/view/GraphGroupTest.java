package io.kurado.api.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphGroupTest {

    @Test
    void readsTheMetricsListFormatOfTheOriginal() {
        String text = "#Nginx (80)\tserver\tnginx/1.24\tlink\t>||<a href=\"/x\">x</a>\n"
                + "processes\n"
                + "  reqs  \n"
                + "// a comment\n"
                + "\n"
                + "# CPU Memory\tuptime\tup 0 days,  8:56\tlonely\n"
                + "cpu\n";
        List<GraphGroup> groups = GraphGroup.parseList(text);
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).title()).isEqualTo("Nginx (80)");
        assertThat(groups.get(0).graphs()).containsExactly("processes", "reqs");
        assertThat(groups.get(0).meta()).containsExactly(
                new MetaItem("server", "nginx/1.24", false), new MetaItem("link", "<a href=\"/x\">x</a>", true));
        assertThat(groups.get(1).title()).isEqualTo("CPU Memory");
        assertThat(groups.get(1).meta()).containsExactly(
                new MetaItem("uptime", "up 0 days,  8:56", false), new MetaItem("lonely", "", false));
        assertThat(groups.get(1).graphs()).containsExactly("cpu");
    }

    @Test
    void graphsBeforeAnyTitleFormAnUntitledGroup() {
        assertThat(GraphGroup.parseList("a\nb\n")).containsExactly(new GraphGroup("", List.of(), List.of("a", "b")));
    }
}
