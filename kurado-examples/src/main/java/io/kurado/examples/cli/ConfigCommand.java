package io.kurado.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kurado.core.config.ConfigException;
import io.kurado.core.config.ConfigProblem;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.plugin.PluginSetup;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code kurado config}: loads and checks a configuration, then prints its hosts and plugins. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Check a configuration in the original Kurado's format and print its hosts and plugins.",
            "Prints the registered hosts per service and the loaded plugins. Exits 0 when it is valid; otherwise "
                + "prints every problem and exits 1."
        })
public final class ConfigCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The main YAML file.")
    Path config;

    @Option(names = "--dump-json", description = "Print the whole loaded configuration as JSON instead.")
    boolean dumpJson;

    @Option(names = "--server", paramLabel = "URL", description = {
        "Also say whether the server running at URL (its web UI, e.g. http://127.0.0.1:5434) runs this configuration,",
        "or needs a reload (SIGHUP, or POST /-/reload with --enable-reload-api). Exits 3 when it differs.",
        "A user of basic_auth_users signs in as http://user:password@host:port."})
    Optional<URI> server = Optional.empty();

    @Option(names = "--cacert", paramLabel = "PEM", description = "With --server over HTTPS: trust the certificates in this PEM file "
            + "(the server's own, or its CA's), as curl --cacert does.")
    Optional<Path> cacert = Optional.empty();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println("loading config " + config + " ..");
        err.flush();
        KuradoConfig cfg;
        PluginRegistry registry;
        try {
            PluginSetup setup = PluginSetup.load(config, ConfigCommand.class.getClassLoader());
            cfg = setup.config();
            registry = setup.registry();
            for (PluginSetup.Warning w : setup.warnings()) {
                err.println("warning: " + w.message());
            }
            err.flush();
        } catch (ConfigException e) {
            err.println(e.problems().size() == 1 ? "1 problem:" : e.problems().size() + " problems:");
            for (ConfigProblem p : e.problems()) {
                err.println("  " + p);
            }
            err.println("NG. the configuration has errors");
            return 1;
        }
        if (server.isPresent()) {
            return compareWithServer(cfg, server.get(), out, err);
        }
        if (dumpJson) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(cfg)));
            return 0;
        }
        out.print(ConfigReport.render(cfg, registry));
        out.flush();
        return 0;
    }

    private int compareWithServer(KuradoConfig cfg, URI base, PrintWriter out, PrintWriter err) {
        URI status = base.resolve("/api/status");
        String shown = base.getRawUserInfo() == null ? base.toString() : base.toString().replace(base.getRawUserInfo() + "@", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(10));
        if (base.getRawUserInfo() != null) {
            // http://user:password@host:5434 signs in as a user of basic_auth_users
            status = URI.create(status.toString().replace(base.getRawUserInfo() + "@", ""));
            request = HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(10)).header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(URLDecoder.decode(base.getRawUserInfo(),
                            StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
        }
        Map<?, ?> figures;
        try {
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            if (cacert.isPresent()) {
                client.sslContext(trusting(cacert.get()));
            }
            HttpResponse<String> r = client.build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                err.println("NG. " + status + " answered " + r.statusCode() + ": " + r.body().strip());
                return 1;
            }
            figures = new ObjectMapper().readValue(r.body(), Map.class);
        } catch (IOException e) {
            err.println("NG. cannot read " + status + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        Object running = figures.get("config_digest");
        if (running == null) {
            err.println("NG. " + shown + " does not say which configuration it runs (a web UI without an engine, or an older version)");
            return 1;
        }
        Object problem = figures.get("config_last_reload_problem");
        if (cfg.digest().equals(running)) {
            out.println("OK. the server at " + shown + " runs this configuration (loaded " + figures.get("config_loaded_at") + ")");
            return 0;
        }
        out.println("DIFFERS. the server at " + shown + " runs another configuration (loaded " + figures.get("config_loaded_at")
                + "): reload it with SIGHUP, or POST /-/reload when it runs with --enable-reload-api");
        if (problem != null) {
            out.println("  its last reload was refused: " + problem);
        }
        return 3;
    }

    /** @return TLS that trusts the certificates of a PEM file */
    private static SSLContext trusting(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, c);
            }
            if (n == 0) {
                throw new IOException("--cacert " + pem + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("--cacert " + pem + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> toJson(KuradoConfig cfg) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> c = new TreeMap<>();
        c.put("_path", cfg.file().toString());
        c.put("redis", cfg.settings().redis().map(io.kurado.core.config.Settings::redact).orElse(""));
        c.put("data_dir", cfg.settings().dataDir().toString());
        c.put("rolls_dir", cfg.settings().rollsDir().toString());
        c.put("metrics_plugin_dir", cfg.settings().pluginDirs().stream().map(Path::toString).toList());
        c.put("web_worker", cfg.settings().webWorkers());
        c.put("update_worker", cfg.settings().updateWorkers());
        c.put("fetch_worker", cfg.settings().fetchWorkers());
        c.put("listen", cfg.settings().listen().getHostString() + ":" + cfg.settings().listen().getPort());
        c.put("fetch_timeout", cfg.settings().fetchTimeout().toSeconds());
        root.put("config", c);
        root.put("metrics_config", new TreeMap<>(cfg.metricsConfig()));
        List<Object> services = new ArrayList<>();
        for (Service s : cfg.services()) {
            Map<String, Object> sj = new LinkedHashMap<>();
            sj.put("service", s.name());
            sj.put("host_num", s.hostCount());
            List<Object> sections = new ArrayList<>();
            for (Section sec : s.sections()) {
                List<Object> hosts = new ArrayList<>();
                for (HostEntry h : sec.hosts()) {
                    Map<String, Object> hj = new LinkedHashMap<>();
                    hj.put("address", h.address());
                    hj.put("hostname", h.host().hostname());
                    hj.put("comments", h.host().comments());
                    hj.put("roll", h.roll().name());
                    hj.put("metrics_config", new TreeMap<>(h.metricsConfig()));
                    hj.put("plugins", h.plugins().stream()
                            .map(p -> Map.of("plugin", p.name(), "arguments", p.arguments()))
                            .toList());
                    hosts.add(hj);
                }
                sections.add(Map.of("label", sec.label(), "hosts", hosts));
            }
            sj.put("sections", sections);
            services.add(sj);
        }
        root.put("services", services);
        return root;
    }
}
