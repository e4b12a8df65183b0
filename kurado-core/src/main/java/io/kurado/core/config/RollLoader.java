package io.kurado.core.config;

import io.kurado.api.PluginRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Loads roll files once each, reporting their problems into the shared list. */
final class RollLoader {
    private final Path rollsDir;
    private final List<Path> pluginDirs;
    private final Predicate<String> pluginExists;
    private final Set<String> installed;
    private final List<ConfigProblem> problems;
    private final Map<String, Optional<Roll>> cache = new LinkedHashMap<>();
    private final java.util.TreeMap<String, String> digests = new java.util.TreeMap<>();

    RollLoader(Path rollsDir, List<Path> pluginDirs, Predicate<String> pluginExists, Set<String> installed, List<ConfigProblem> problems) {
        this.rollsDir = rollsDir;
        this.pluginDirs = List.copyOf(pluginDirs);
        this.pluginExists = pluginExists;
        this.installed = Set.copyOf(installed);
        this.problems = problems;
    }

    Optional<Roll> roll(String name, Path referencedFrom, int line) {
        Optional<Roll> cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        Optional<Roll> roll = load(name, referencedFrom, line);
        cache.put(name, roll);
        return roll;
    }

    /** @return the SHA-256 of each roll file read, by roll name */
    java.util.SortedMap<String, String> digests() {
        return digests;
    }

    Map<String, Roll> loaded() {
        Map<String, Roll> m = new LinkedHashMap<>();
        cache.forEach((k, v) -> v.ifPresent(r -> m.put(k, r)));
        return m;
    }

    private Optional<Roll> load(String name, Path referencedFrom, int line) {
        Path file = rollsDir.resolve(name).normalize();
        if (!Files.isRegularFile(file)) {
            problems.add(new ConfigProblem(referencedFrom, line, "roll file '" + name + "' not found (looked for " + file + ")"));
            return Optional.empty();
        }
        YamlTree.Documents docs = YamlTree.read(file);
        digests.put(name, docs.sha256());
        if (docs.problem().isPresent()) {
            problems.add(docs.problem().get());
            return Optional.empty();
        }
        if (docs.nodes().isEmpty() || YamlTree.isNull(docs.nodes().get(0))) {
            return Optional.of(new Roll(name, file, Map.of(), List.of()));
        }
        Node doc = docs.nodes().get(0);
        if (!(doc instanceof MappingNode map)) {
            problems.add(ConfigLoader.problem(file, doc, "a roll must be a mapping with 'metrics' (and optionally 'metrics_config'), not " + YamlTree.kind(doc)));
            return Optional.empty();
        }
        Map<String, NodeTuple> e = YamlTree.entries(map);
        Map<String, Object> metricsConfig = Map.of();
        int before = problems.size();
        if (e.containsKey("metrics_config") && !YamlTree.isNull(e.get("metrics_config").getValueNode())) {
            Node mc = e.get("metrics_config").getValueNode();
            if (mc instanceof MappingNode) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) YamlTree.toValue(mc);
                metricsConfig = m;
            } else {
                problems.add(ConfigLoader.problem(file, mc, "'metrics_config' must be a mapping, not " + YamlTree.kind(mc)));
            }
        }
        List<PluginRef> plugins = new ArrayList<>();
        if (e.containsKey("metrics") && !YamlTree.isNull(e.get("metrics").getValueNode())) {
            Node metrics = e.get("metrics").getValueNode();
            if (!(metrics instanceof SequenceNode seq)) {
                problems.add(ConfigLoader.problem(file, metrics, "'metrics' must be a list of plugin entries like 'http:80'"));
            } else {
                for (Node item : seq.getValue()) {
                    plugin(file, item).ifPresent(plugins::add);
                }
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Roll(name, file, metricsConfig, plugins));
    }

    private Optional<PluginRef> plugin(Path file, Node item) {
        Optional<String> entry = YamlTree.scalar(item);
        if (entry.isEmpty()) {
            problems.add(ConfigLoader.problem(file, item, "a plugin entry must be text like 'http:80', not " + YamlTree.kind(item)));
            return Optional.empty();
        }
        PluginRef ref;
        try {
            ref = PluginRef.parse(entry.get().strip());
        } catch (IllegalArgumentException ex) {
            problems.add(ConfigLoader.problem(file, item, ex.getMessage()));
            return Optional.empty();
        }
        if (!pluginExists.test(ref.name())) {
            String why = "could not find plugin '" + ref.name() + "': no installed fetcher or viewer has this id";
            Optional<Path> perl = perlPlugin(ref.name());
            if (perl.isPresent()) {
                why += "; " + perl.get() + " is a Perl plugin of the original Kurado, which this server does not run:"
                        + " write it as a Java plugin (README, 'Writing a plugin')";
            } else {
                why += DidYouMean.hint(ref.name(), installed);
            }
            problems.add(ConfigLoader.problem(file, item, why));
            return Optional.empty();
        }
        return Optional.of(ref);
    }

    /** The original's Perl plugin of that name in a plugin directory ({@code fetch/<name>.pl}, {@code view/<name>.pl}), if any. */
    private Optional<Path> perlPlugin(String name) {
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            return Optional.empty();
        }
        for (Path dir : pluginDirs) {
            for (String kind : List.of("fetch", "view")) {
                Path p = dir.resolve(kind).resolve(name + ".pl");
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
