package io.kurado.plugins.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetaItem;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.api.graph.GraphDefinition;
import io.kurado.core.graph.GraphDefinitionParser;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class BaseViewerTest {
    private final BaseViewer viewer = new BaseViewer();

    private static ViewContext context(Map<String, String> meta) {
        return new ViewContext(Host.of("192.168.51.10"), PluginRef.of("base"), Map.of(), meta);
    }

    private static final Map<String, String> VM_META = Map.of(
            "disk-io-devices", "mapper_VolGroup-lv_root,mapper_VolGroup-lv_swap,sda",
            "disk-swap-devices", "mapper_VolGroup-lv_swap",
            "disk-usage-devices", "mapper_VolGroup-lv_root,sdb1",
            "disk-usage-mapper_VolGroup-lv_root-mount", "/",
            "traffic-interfaces", "eth0,eth1",
            "uptime", "57649",
            "version", "Linux version 2.6.32-431.el6.x86_64");

    @Test
    void listsTheOriginalsGroupsInOrder() {
        assertThat(viewer.list(context(VM_META))).containsExactly(
                GraphGroup.of("Traffic(eth0)", "traffic-eth0"),
                GraphGroup.of("Traffic(eth1)", "traffic-eth1"),
                new GraphGroup("CPU Memory",
                        List.of(MetaItem.of("uptime", "up 0 days, 16:00"), MetaItem.of("version", "Linux version 2.6.32-431.el6.x86_64")),
                        List.of("cpu", "loadavg-1", "memory-usage", "tcp-established")),
                GraphGroup.of("Disk Usage(/)", "disk-usage-mapper_VolGroup-lv_root"),
                GraphGroup.of("Disk Usage(sdb1)", "disk-usage-sdb1"),
                GraphGroup.of("Disk IO(mapper_VolGroup-lv_root)", "disk-io-byte-mapper_VolGroup-lv_root", "disk-io-count-mapper_VolGroup-lv_root"),
                GraphGroup.of("Disk IO(mapper_VolGroup-lv_swap-swap)", "disk-io-byte-mapper_VolGroup-lv_swap", "disk-io-count-mapper_VolGroup-lv_swap"),
                GraphGroup.of("Disk IO(sda)", "disk-io-byte-sda", "disk-io-count-sda"));
    }

    @Test
    void warnsWhenNoInterfaceOrDeviceIsKnown() {
        assertThat(viewer.list(context(Map.of()))).containsExactly(
                new GraphGroup("Traffic", List.of(MetaItem.of("warn", "no interfaces")), List.of()),
                new GraphGroup("CPU Memory", List.of(), List.of("cpu", "loadavg-1", "memory-usage", "tcp-established")),
                new GraphGroup("Disk Usage", List.of(MetaItem.of("warn", "no devices")), List.of()),
                new GraphGroup("Disk IO", List.of(MetaItem.of("warn", "no devices")), List.of()));
    }

    @Test
    void formatsUptimeAsTheOriginal() {
        assertThat(BaseViewer.uptime("32160")).isEqualTo("up 0 days,  8:56");
        assertThat(BaseViewer.uptime("31536012")).isEqualTo("up 365 days,  0:00");
        assertThat(BaseViewer.uptime("90061.7")).isEqualTo("up 1 days,  1:01");
    }

    @Test
    void diskUsageHasTheTrendLine() {
        assertThat(viewer.graph(context(VM_META), "disk-usage-sdb1")).hasValue(""
                + "Disk Usage\n"
                + "DEF:avail=<%RRD_FOR disk-usage-sdb1-available.gauge %>:n:AVERAGE\n"
                + "DEF:used=<%RRD_FOR disk-usage-sdb1-used.gauge %>:n:AVERAGE\n"
                + "CDEF:avail_b=avail,1000,*\n"
                + "CDEF:used_b=used,1000,*\n"
                + "CDEF:total=avail_b,used_b,+\n"
                + "CDEF:rate=used_b,total,/,100,*\n"
                + "VDEF:slope=used_b,LSLSLOPE\n"
                + "VDEF:cons=used_b,LSLINT\n"
                + "CDEF:lsl2=used_b,POP,slope,COUNT,*,cons,+\n"
                + "LINE0:rate#ffffff:Capacity\n"
                + "GPRINT:rate:LAST:Cur\\:%5.2lf[%%]\\l\n"
                + "AREA:total#ff99ff:Total   \n"
                + "GPRINT:total:LAST:Cur\\:%5.2lf%sB\n"
                + "AREA:used_b#cc00ff:Used\n"
                + "GPRINT:used_b:LAST:Cur\\:%5.2lf%sB\\l\n"
                + "LINE1:lsl2#00A000:Prediction:dashes=3,6\n");
    }

    @Test
    void trafficIsInBitsPerSecond() {
        assertThat(viewer.graph(context(VM_META), "traffic-eth0")).hasValue(""
                + "Throughput\n"
                + "DEF:ind=<%RRD_FOR traffic-eth0-rxbytes.derive %>:n:AVERAGE\n"
                + "DEF:outd=<%RRD_FOR traffic-eth0-txbytes.derive %>:n:AVERAGE\n"
                + "CDEF:in=ind,0,5000000000,LIMIT,8,*\n"
                + "CDEF:out=outd,0,5000000000,LIMIT,8,*\n"
                + "AREA:in#00C000:Inbound  \n"
                + "GPRINT:in:LAST:Cur\\:%6.2lf%sbps\n"
                + "GPRINT:in:AVERAGE:Ave\\:%6.2lf%sbps\n"
                + "GPRINT:in:MAX:Max\\:%6.2lf%sbps\\l\n"
                + "LINE1:out#0000FF:Outbound \n"
                + "GPRINT:out:LAST:Cur\\:%6.2lf%sbps\n"
                + "GPRINT:out:AVERAGE:Ave\\:%6.2lf%sbps\n"
                + "GPRINT:out:MAX:Max\\:%6.2lf%sbps\\l\n");
    }

    @Test
    void cpuStacksTenCountersAsPercentOfTheirSum() {
        String cpu = viewer.graph(context(VM_META), "cpu").orElseThrow();
        assertThat(cpu).startsWith("CPU Usage[%]\nDEF:my1=<%RRD_FOR cpu-user.derive %>:n:AVERAGE\n")
                .contains("DEF:my11=<%RRD_FOR cpu-guest-nice.derive %>:n:AVERAGE\n")
                .contains("CDEF:total=my1,my2,+,my3,+,my4,+,my5,+,my7,+,my8,+,my9,+,my10,+,my11,+\n")
                .contains("CDEF:my5r=my5,total,/,100,*,0,100,LIMIT\n")
                .contains("AREA:my1r#a9a9a9:User   \n")
                .contains("STACK:my8r#3D282A:SoftIRQ\n")
                .endsWith("GPRINT:my11r:MAX:Max\\:%5.1lf[%%]\\l\n");
        assertThat(cpu.lines().filter(l -> l.startsWith("DEF:"))).hasSize(10);
        assertThat(cpu.lines().filter(l -> l.startsWith("STACK:"))).hasSize(9);
    }

    @Test
    void everyListedGraphHasADefinitionThatParses() {
        GraphDefinitionParser parser = new GraphDefinitionParser();
        for (GraphGroup g : viewer.list(context(VM_META))) {
            for (String name : g.graphs()) {
                String text = viewer.graph(context(VM_META), name).orElseThrow(() -> new AssertionError("no graph " + name));
                GraphDefinition d = parser.parse(text);
                assertThat(d.verticalLabel()).as(name).isPresent();
                assertThat(d.elements()).as(name).isNotEmpty();
            }
        }
        assertThat(viewer.graph(context(VM_META), "loadavg-1").orElseThrow()).contains("LINE1:my2#ff3e00:CPU Core    :dashes=3,6\n");
        assertThat(viewer.graph(context(VM_META), "memory-usage").orElseThrow()).contains("LINE1:swap-total#800180:total swap:dashes=2,4\n");
        assertThat(viewer.graph(context(VM_META), "disk-io-byte-sda").orElseThrow()).contains("read-sectors.derive").contains("STACK:my2#0000C0:Write/s\n");
        assertThat(viewer.graph(context(VM_META), "disk-io-count-sda").orElseThrow()).contains("DEF:my2a=<%RRD_FOR disk-io-sda-write-ios.derive %>:n:AVERAGE\n");
        assertThat(viewer.graph(context(VM_META), "tcp-established").orElseThrow()).contains("AREA:tcpestab#00C000:Established\n");
    }

    @Test
    void unknownGraphsAndUnsafeDeviceNamesHaveNoDefinition() {
        assertThat(viewer.graph(context(VM_META), "nope")).isEmpty();
        assertThat(viewer.graph(context(VM_META), "traffic-")).isEmpty();
        assertThat(viewer.graph(context(VM_META), "disk-usage-x %>\nDEF:y=/etc/passwd")).isEmpty();
    }

    @Test
    void isRegisteredAsAServiceWithIdBase() {
        assertThat(ServiceLoader.load(MetricsViewer.class).stream().map(p -> p.get().id())).contains("base");
    }
}
