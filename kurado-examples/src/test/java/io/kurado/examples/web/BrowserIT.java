package io.kurado.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.storage.Storage;
import io.kurado.core.Providers;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.web.NioWebServer;
import io.kurado.core.web.KuradoWeb;
import io.kurado.examples.cli.BaseHistory;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * Drives headless Chromium through the UI against real RRD files written for {@code base} hosts,
 * three with ten hours of history and one that began sending six minutes ago: the index, comparing
 * one host and then two, a host page, terms, the custom range, the search box and drag-to-zoom,
 * checking that graph images really load and that the comparison grid fills the page with its
 * rows lined up; saves {@code compare-page.png}, {@code host-page.png} and {@code new-host-page.png}
 * beside the jar. Skips (saying so on the console) when Chromium, chromedriver, the rrd storage or
 * the base viewer is missing, unless {@code KURADO_CI=true}, where that fails.
 */
class BrowserIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    private static final List<String> ADDRESSES = List.of("10.20.0.1", "10.20.0.2", "10.20.0.3", "10.20.0.4");
    /**
     * Selenium warns that its DevTools bindings do not match this Chromium; the test does not use
     * DevTools. Held here because the JDK keeps loggers only weakly.
     */
    private static final java.util.logging.Logger DEVTOOLS = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS.setLevel(java.util.logging.Level.SEVERE);
    }

    /** The host that began sending a few minutes ago. */
    private static final String NEW_HOST = ADDRESSES.get(3);

    @TempDir
    Path tmp;

    private Storage storage;
    private MetaStore meta;
    private NioWebServer server;
    private ChromeDriver driver;
    private String base;

    @BeforeEach
    void start() {
        Prerequisites.programs("chromium chromium-driver", CHROMIUM, DRIVER);
        PluginRegistry registry = PluginRegistry.discover(BrowserIT.class.getClassLoader());
        if (registry.storageProvider("rrd").isEmpty() || registry.metaStoreProvider("memory").isEmpty() || registry.viewer("base").isEmpty()) {
            Prerequisites.missing("the rrd storage, the in-memory meta store or the base viewer is not on the class path: " + registry);
        }
        Path data = tmp.resolve("data");
        InstantSource clock = InstantSource.system();
        KuradoConfig cfg = config(data);
        storage = Providers.storage(cfg, registry, historyClock(clock, 10 * 3600));
        meta = Providers.metaStore(cfg, registry, clock);
        long now = clock.instant().getEpochSecond();
        for (String a : ADDRESSES) {
            BaseHistory.write(storage, meta, a, a.equals(NEW_HOST) ? now - 6 * 60 : now - 10 * 3600, now);
        }
        KuradoWeb web = KuradoWeb.builder().config(cfg).registry(registry).metaStore(meta).clock(clock)
                .storage(storage).build();
        server = web.start(new InetSocketAddress("127.0.0.1", 0), 4);
        base = "http://127.0.0.1:" + server.port();

        System.setProperty("webdriver.chrome.driver", DRIVER);
        System.setProperty("se.avoid.stats", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + tmp.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (storage != null) {
            storage.close();
        }
        if (meta != null) {
            meta.close();
        }
    }

    @Test
    void aPersonCanPickCompareOpenSwitchSearchAndZoom() throws Exception {
        driver.get(base + "/");
        waitFor(() -> driver.findElements(By.cssSelector("span.st-ok")).size() == ADDRESSES.size());
        String ok = driver.findElement(By.cssSelector("span.st-ok")).getCssValue("color");
        assertThat(rgb(ok)).as("the ok mark's colour %s is green", ok).satisfies(c -> assertThat(c[1]).isGreaterThan(c[0] + 60).isGreaterThan(c[2] + 60));

        pick(ADDRESSES.get(2));
        driver.findElement(By.id("compare")).click();
        waitFor(() -> driver.getCurrentUrl().contains("/servers?"));
        assertThat(driver.findElements(By.cssSelector("th.host-head"))).as("one host compared").hasSize(1);
        assertGraphsLoaded(2);
        assertGridFillsThePageAndLinesUp(1);

        driver.get(base + "/");
        waitFor(() -> driver.findElements(By.cssSelector("span.st-ok")).size() == ADDRESSES.size());
        pick(ADDRESSES.get(0));
        pick(ADDRESSES.get(1));
        driver.findElement(By.id("compare")).click();
        waitFor(() -> driver.getCurrentUrl().contains("/servers?"));
        assertThat(driver.findElements(By.cssSelector("th.host-head"))).hasSize(2);
        assertGraphsLoaded(4);
        assertGridFillsThePageAndLinesUp(2);
        screenshot("compare-page.png");

        driver.findElement(By.cssSelector("th.host-head[data-address='" + ADDRESSES.get(0) + "'] a[href^='server']")).click();
        waitFor(() -> driver.getCurrentUrl().contains("/server?address=" + ADDRESSES.get(0)));
        int dayImages = driver.findElements(By.cssSelector("img.graph")).size();
        assertThat(dayImages).isGreaterThan(10);
        assertGraphsLoaded(dayImages);
        screenshot("host-page.png");
        assertGraphHasData(driver.findElement(By.cssSelector("img.graph")).getAttribute("src"));
        for (String field : List.of("from", "to")) {
            WebElement input = driver.findElement(By.cssSelector("form.custom input[name='" + field + "']"));
            Number hidden = (Number) ((JavascriptExecutor) driver).executeScript(
                    "return arguments[0].scrollWidth - arguments[0].clientWidth;", input);
            assertThat(hidden.intValue()).as("pixels of the %s field's '%s' cut off", field, input.getAttribute("value")).isLessThanOrEqualTo(0);
        }

        driver.findElement(By.cssSelector("a.term[data-term='month']")).click();
        waitFor(() -> driver.getCurrentUrl().contains("term=month"));
        assertThat(driver.findElements(By.cssSelector("img.graph"))).hasSize(dayImages * 2);
        assertGraphsLoaded(4);

        driver.findElement(By.cssSelector("a.term[data-term='day']")).click();
        waitFor(() -> !driver.getCurrentUrl().contains("term="));
        WebElement graph = driver.findElement(By.cssSelector("img.graph"));
        waitFor(() -> loaded(graph));
        new Actions(driver).moveToElement(graph, -graph.getSize().getWidth() / 6, 0).clickAndHold()
                .moveByOffset(graph.getSize().getWidth() / 4, 0).release().perform();
        waitFor(() -> driver.getCurrentUrl().contains("term=custom"));
        assertThat(driver.getCurrentUrl()).contains("from=", "to=");
        assertGraphsLoaded(1);

        driver.get(base + "/server?address=" + NEW_HOST);
        int newImages = driver.findElements(By.cssSelector("img.graph")).size();
        assertGraphsLoaded(newImages);
        screenshot("new-host-page.png");
        String day = driver.findElement(By.cssSelector("img.graph")).getAttribute("src");
        assertThat(day).contains("term=day");
        assertThat(minutesWithData(day)).as("minutes with data in the Day graph of a host six minutes old").isGreaterThanOrEqualTo(4);

        WebElement box = driver.findElement(By.id("search-box"));
        box.sendKeys("host2", Keys.ENTER);
        waitFor(() -> driver.getCurrentUrl().contains("/search?q=host2"));
        assertThat(driver.findElement(By.cssSelector(".search-results")).getText()).contains(ADDRESSES.get(1));
    }

    /**
     * The comparison grid is as wide as the page's content, and every graph row's cells start
     * where their host's heading starts.
     */
    private void assertGridFillsThePageAndLinesUp(int hosts) {
        Number grid = (Number) ((JavascriptExecutor) driver).executeScript(
                "return document.querySelector('table.compare').getBoundingClientRect().width;");
        Number content = (Number) ((JavascriptExecutor) driver).executeScript(
                "var m = document.querySelector('main'), s = getComputedStyle(m);"
                        + " return m.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);");
        List<?> sizes = (List<?>) ((JavascriptExecutor) driver).executeScript(
                "var img = document.querySelector('table.compare tr.compare-graph-row img.graph');"
                        + " return [img.getBoundingClientRect().width, img.closest('td').getBoundingClientRect().width];");
        System.out.printf("comparison of %d host(s): grid %.0f px wide in %.0f px of content; a graph %.0f px wide in a %.0f px cell%n", hosts,
                grid.doubleValue(), content.doubleValue(), ((Number) sizes.get(0)).doubleValue(), ((Number) sizes.get(1)).doubleValue());
        assertThat(grid.doubleValue()).as("width of the grid of %d host(s)", hosts).isGreaterThanOrEqualTo(content.doubleValue() * 0.98);
        Object offset = ((JavascriptExecutor) driver).executeScript(
                "var heads = Array.prototype.map.call(document.querySelectorAll('th.host-head'), function (h) { return h.getBoundingClientRect().left; });"
                        + " var worst = 0, where = '';"
                        + " document.querySelectorAll('table.compare tr.compare-graph-row').forEach(function (r) {"
                        + "   if (r.cells.length !== heads.length) { worst = 1e9; where = r.getAttribute('data-graph') + ': ' + r.cells.length + ' cells'; return; }"
                        + "   Array.prototype.forEach.call(r.cells, function (c, i) {"
                        + "     var off = Math.abs(c.getBoundingClientRect().left - heads[i]);"
                        + "     if (off > worst) { worst = off; where = r.getAttribute('data-graph') + ' cell ' + i + ' at x ' + c.getBoundingClientRect().left + ', the heads at x ' + heads; }"
                        + "   });"
                        + " });"
                        + " return [worst, where, document.querySelectorAll('table.compare tr.compare-graph-row').length];");
        List<?> found = (List<?>) offset;
        assertThat(((Number) found.get(2)).intValue()).as("graph rows").isGreaterThan(5);
        assertThat(((Number) found.get(0)).doubleValue()).as("pixels a graph cell is off its host's column: %s", found.get(1)).isLessThan(1);
    }

    private static int[] rgb(String cssColour) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("rgba?\\((\\d+), (\\d+), (\\d+)").matcher(cssColour);
        assertThat(m.find()).as("a colour: %s", cssColour).isTrue();
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    private void pick(String address) {
        driver.findElement(By.cssSelector("input.pick[value='" + address + "']")).click();
    }

    private void assertGraphsLoaded(int atLeast) {
        List<WebElement> imgs = driver.findElements(By.cssSelector("img.graph"));
        assertThat(imgs.size()).isGreaterThanOrEqualTo(atLeast);
        for (WebElement img : imgs.subList(0, Math.min(imgs.size(), Math.max(atLeast, 1)))) {
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", img);
            waitFor(() -> loaded(img));
            Number w = (Number) ((JavascriptExecutor) driver).executeScript("return arguments[0].naturalWidth;", img);
            assertThat(w.intValue()).as("naturalWidth of %s", img.getAttribute("src")).isGreaterThan(0);
        }
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0);");
    }

    private boolean loaded(WebElement img) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0;", img));
    }

    /** Polls the browser until the condition holds; fails after 30 seconds. */
    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("the browser did not reach the expected state within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private void screenshot(String name) throws Exception {
        Path dir = Optional.ofNullable(System.getProperty("kurado.jar")).map(p -> Path.of(p).getParent()).orElse(Path.of("target"));
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static KuradoConfig config(Path data) {
        Settings settings = new Settings(Optional.empty(), data, data, List.of(), 4, 1, 1,
                Settings.parseListen("127.0.0.1:0"), Duration.ofSeconds(30), Map.of());
        Roll roll = new Roll("base.yml", data.resolve("base.yml"), Map.of(), List.of(PluginRef.of("base")));
        List<HostEntry> web = List.of(
                new HostEntry(new Host(ADDRESSES.get(0), "host1", "web <front>"), "Shop", "Web", roll, Map.of()),
                new HostEntry(new Host(ADDRESSES.get(1), "host2", "web"), "Shop", "Web", roll, Map.of()));
        List<HostEntry> db = List.of(new HostEntry(new Host(ADDRESSES.get(2), "host3", "database"), "Data", "", roll, Map.of()),
                new HostEntry(new Host(NEW_HOST, "host4", "added a few minutes ago"), "Data", "", roll, Map.of()));
        return new KuradoConfig(data.resolve("kurado.yml"), settings, Map.of(),
                List.of(new Service("Data", List.of(new Section("", db))), new Service("Shop", List.of(new Section("Web", web)))),
                Map.of(roll.name(), roll));
    }

    /** Files are created as of the clock's time: create them before the first minute of history. */
    private static InstantSource historyClock(InstantSource clock, long historySeconds) {
        return InstantSource.fixed(clock.instant().minusSeconds(historySeconds + 120));
    }

    /** @return the rows of the data behind a graph image that hold a known value */
    private static long minutesWithData(String imageUrl) throws Exception {
        String url = imageUrl.replace("/graph?", "/api/graph-data?") + "&format=csv";
        var resp = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(url).isEqualTo(200);
        return resp.body().lines().skip(1).filter(l -> java.util.Arrays.stream(l.split(",", -1)).skip(1)
                .anyMatch(v -> !v.isEmpty() && !v.equalsIgnoreCase("nan"))).count();
    }

    /** The data behind a graph image holds real numbers, not only unknowns. */
    private static void assertGraphHasData(String imageUrl) throws Exception {
        String url = imageUrl.replace("/graph?", "/api/graph-data?") + "&format=csv";
        var resp = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(url).isEqualTo(200);
        long numbers = resp.body().lines().skip(1).flatMap(l -> java.util.Arrays.stream(l.split(",")).skip(1))
                .filter(v -> !v.isEmpty() && !v.equalsIgnoreCase("nan")).count();
        assertThat(numbers).as("known values in %s", url).isGreaterThan(100);
    }
}
