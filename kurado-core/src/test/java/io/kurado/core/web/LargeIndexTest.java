package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The index of 30,000 hosts: collapsed to its services and sections, each section's hosts a page at a time. */
class LargeIndexTest {
    private static final Pattern ROW = Pattern.compile("<tr data-address=");
    private final WebFixture f = new WebFixture();
    private final KuradoConfig config = config(10, 3, 1000);
    private final KuradoWeb web = KuradoWeb.builder().config(config).registry(f.registry).metaStore(f.meta).clock(f.clock).build();

    @Test
    void theIndexOfManyHostsListsServicesAndSectionsWithTheirCountsAndNoHost() {
        String html = get("/").bodyText();

        assertThat(html.length()).isLessThan(64 * 1024);
        assertThat(ROW.matcher(html).results().count()).isZero();
        assertThat(html).contains("30000 hosts in 10 services", ">service-3<", ">rack-2<", "1000 hosts",
                "href=\"./?service=service-3&amp;section=2\"");
    }

    @Test
    void aSectionShowsItsHostsAPageAtATime() {
        String first = get("/?service=service-3&section=2").bodyText();
        String last = get("/?service=service-3&section=2&page=2").bodyText();

        assertThat(ROW.matcher(first).results().count()).isEqualTo(IndexPage.PAGE);
        assertThat(first).contains("hosts 1–500 of 1000", "href=\"./?service=service-3&amp;section=2&amp;page=2\"", "value=\"" + address(3, 1, 0) + "\"");
        assertThat(ROW.matcher(last).results().count()).isEqualTo(1000 - IndexPage.PAGE);
        assertThat(last).contains("hosts 501–1000 of 1000", "value=\"" + address(3, 1, 999) + "\"");
    }

    @Test
    void aServiceOfManyHostsIsCollapsedToItsSections() {
        String html = get("/?service=service-0").bodyText();

        assertThat(ROW.matcher(html).results().count()).isZero();
        assertThat(html).contains("3000 hosts in 3 sections", ">rack-1<", ">rack-3<");
    }

    @Test
    void aPageOrSectionThatDoesNotExistIsSaidSo() {
        assertThat(get("/?service=service-0&section=9").status()).isEqualTo(404);
        assertThat(get("/?service=service-0&section=x").bodyText()).contains("'section' must be a whole number");
        assertThat(get("/?service=service-0&section=1&page=3").status()).isEqualTo(404);
        assertThat(get("/?section=1").status()).isEqualTo(400);
    }

    @Test
    void searchListsEveryMatchingHostAPageAtATime() {
        String first = get("/search?q=rack-2").bodyText();
        String last = get("/search?q=rack-2&page=20").bodyText();

        assertThat(ROW.matcher(first).results().count()).isEqualTo(SearchPage.MAX_HOSTS);
        assertThat(first).contains("Hosts (10000)", "hosts 1–500", "href=\"search?q=rack-2&amp;page=2\"");
        assertThat(ROW.matcher(last).results().count()).isEqualTo(SearchPage.MAX_HOSTS);
        assertThat(last).contains("hosts 9501–10000", "data-address=\"" + address(9, 1, 999) + "\"").doesNotContain("page=21");
        assertThat(get("/search?q=rack-2&page=21").status()).isEqualTo(404);
    }

    private WebResponse get(String target) {
        return web.handler().handle(WebRequest.get(target));
    }

    static String address(int service, int section, int host) {
        return "10." + service + "." + section + "." + host;
    }

    static KuradoConfig config(int services, int sections, int hostsPerSection) {
        Settings settings = new Settings(Optional.empty(), Path.of("data"), Path.of("rolls"), List.of(), 2, 1, 1,
                Settings.parseListen("127.0.0.1:0"), Duration.ofSeconds(30), Map.of());
        Roll roll = new Roll("base.yml", Path.of("base.yml"), Map.of(), List.of(PluginRef.of("base")));
        List<Service> list = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            List<Section> secs = new ArrayList<>();
            for (int c = 0; c < sections; c++) {
                List<HostEntry> hosts = new ArrayList<>();
                for (int h = 0; h < hostsPerSection; h++) {
                    hosts.add(new HostEntry(new Host(address(s, c, h), "host-" + s + "-" + c + "-" + h, "comment"), "service-" + s,
                            "rack-" + (c + 1), roll, Map.of()));
                }
                secs.add(new Section("rack-" + (c + 1), hosts));
            }
            list.add(new Service("service-" + s, secs));
        }
        return new KuradoConfig(Path.of("kurado.yml"), settings, Map.of(), list, Map.of(roll.name(), roll));
    }
}
