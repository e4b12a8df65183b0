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
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        if (dumpJson) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(cfg)));
            return 0;
        }
        out.print(ConfigReport.render(cfg, registry));
        out.flush();
        return 0;
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
