package io.kurado.examples.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kurado.api.PluginRef;
import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetaItem;
import io.kurado.core.config.Settings;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testkit.GraphGallery;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.core.testkit.ViewRequest;
import io.kurado.core.testkit.ViewRun;
import io.kurado.core.web.Html;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kurado plugin serve}: a local page with every graph of a plugin, drawn from synthetic data. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Serve a local page with every graph of a plugin's viewer, drawn from synthetic data.",
            "It shows how the graphs look before any server runs the plugin. Stops with Ctrl-C."
        })
public final class PluginServeCommand implements Callable<Integer> {
    static final List<String> TERMS = List.of("1hour", "8hours", "day", "week", "month", "year");

    @Parameters(index = "0", paramLabel = "NAME[:ARGS]", description = "The roll entry, e.g. mysql:3306.")
    String entry;

    @Option(names = "--listen", defaultValue = "127.0.0.1:5435", description = "Address and port (default ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Meta values the viewer gets (repeatable), e.g. has-reqs=1.")
    Map<String, String> meta = Map.of();

    @CommandLine.Mixin
    PluginOptions options = new PluginOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<PluginRegistry> registry = options.registry(err);
        if (registry.isEmpty()) {
            return 1;
        }
        PluginRef plugin;
        InetSocketAddress address;
        try {
            plugin = PluginOptions.entry(entry);
            InetSocketAddress unresolved = Settings.parseListen(listen);
            address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        Optional<String> busy = ServerCommand.cannotListen(address);
        if (busy.isPresent()) {
            err.println(busy.get());
            return 1;
        }
        if (registry.get().viewer(plugin.name()).isEmpty()) {
            err.println("no viewer '" + plugin.name() + "' is installed; installed plugins: " + registry.get().pluginNames());
            return 1;
        }
        ViewRequest view = PluginTestKit.viewer(registry.get(), plugin.name()).address("192.0.2.10").arguments(plugin.arguments()).meta(meta);
        HttpServer server;
        try {
            server = start(view, address);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err.println("cannot listen on " + address.getHostString() + ":" + address.getPort() + ": "
                    + Character.toLowerCase(why.charAt(0)) + why.substring(1));
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            stop.countDown();
        }, "kurado-plugin-serve-stop"));
        out.printf("Serving the graphs of %s at http://%s:%d/ (synthetic data; Ctrl-C to stop)%n", plugin.identifier(),
                server.getAddress().getHostString(), server.getAddress().getPort());
        out.flush();
        stop.await();
        return 0;
    }

    /**
     * Starts the page's server.
     *
     * @param view the viewer, host, arguments and meta to show
     * @param address where to listen (port 0 for any)
     * @return the started server; the caller stops it
     * @throws IOException when it cannot listen there
     */
    static HttpServer start(ViewRequest view, InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        Map<String, GraphGallery.Gallery> galleries = new ConcurrentHashMap<>();
        server.createContext("/", x -> {
            try (x) {
                String path = x.getRequestURI().getPath();
                String term = query(x, "term").filter(TERMS::contains).orElse("day");
                GraphGallery.Gallery g = galleries.computeIfAbsent(term, t -> PluginTestKit.gallery(view).term(t).width(500).render());
                if (path.equals("/")) {
                    send(x, 200, "text/html; charset=utf-8", page(view, term, g).getBytes(StandardCharsets.UTF_8));
                } else if (path.startsWith("/png/") && g.pngs().containsKey(path.substring(5))) {
                    send(x, 200, "image/png", g.pngs().get(path.substring(5)));
                } else {
                    send(x, 404, "text/plain; charset=utf-8", "no such graph\n".getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "kurado-plugin-serve");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return server;
    }

    private static String page(ViewRequest view, String term, GraphGallery.Gallery g) {
        ViewRun run = view.run();
        Html h = new Html();
        h.raw("<!DOCTYPE html>").open("html").open("head").empty("meta", "charset", "utf-8")
                .el("title", view.plugin().identifier() + " – graphs from synthetic data")
                .el("style", "body{font-family:sans-serif;margin:16px;background:#f3f3f3} img{margin:4px;border:1px solid #ddd}"
                        + " .meta{display:inline-block;margin-right:8px;color:#555} .problem{color:#a30a00} nav a{margin-right:8px}")
                .close("head").open("body");
        h.el("h1", view.plugin().identifier().toUpperCase(java.util.Locale.ROOT) + " (synthetic data)");
        h.open("nav");
        for (String t : TERMS) {
            h.el("a", t.equals(term) ? "[" + t + "]" : t, "href", "/?term=" + t);
        }
        h.close("nav");
        g.noRenderer().ifPresent(m -> h.el("p", m, "class", "problem"));
        g.problems().forEach(p -> h.el("p", p, "class", "problem"));
        for (GraphGroup group : run.groups()) {
            h.el("h2", group.title());
            for (MetaItem m : group.meta()) {
                h.el("span", m.key().toUpperCase(java.util.Locale.ROOT) + " " + m.value(), "class", "meta");
            }
            h.open("div");
            for (String graph : group.graphs()) {
                if (g.pngs().containsKey(graph)) {
                    h.empty("img", "src", "/png/" + graph + "?term=" + term, "alt", graph, "title", graph);
                }
            }
            h.close("div");
        }
        h.close("body").close("html");
        return h.toString();
    }

    private static Optional<String> query(HttpExchange x, String name) {
        String q = x.getRequestURI().getRawQuery();
        if (q == null) {
            return Optional.empty();
        }
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return Optional.of(java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
    }
}
