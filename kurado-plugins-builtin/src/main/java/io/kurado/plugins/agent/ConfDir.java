package io.kurado.plugins.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Loads the command plugins of the agent from the {@code *.toml} files directly in a directory
 * (in name order). Each plugin is a table
 *
 * <pre>
 * [plugin.metrics.process]
 * command = "echo -e \"fork.derive\t$(awk '/^processes/ {print $2}' /proc/stat)\""
 * timeout = 10   # seconds, optional, default 30
 * </pre>
 *
 * <p>Everything outside {@code [plugin.metrics.*]} is ignored, as the original agent ignored it. A
 * plugin defined again in a later file replaces the earlier one (logged). Every problem in every
 * file is reported at once, with file and line: invalid TOML, a table nested deeper than
 * {@code plugin.metrics.<name>}, a missing or non-text {@code command}, a bad {@code timeout}, an
 * unknown key.
 *
 * @since 0.1
 */
public final class ConfDir {
    private static final Logger LOG = LoggerFactory.getLogger(ConfDir.class);

    private ConfDir() {}

    /**
     * @param dir the directory
     * @return the plugins, in the order of their names
     * @throws ConfDirException listing every problem
     */
    public static List<CommandPlugin> load(Path dir) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            throw new ConfDirException(List.of(dir + ": not a directory"));
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.toml")) {
            for (Path p : s) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new ConfDirException(List.of(dir + ": cannot list: " + e.getMessage()));
        }
        files.sort(null);
        Map<String, CommandPlugin> plugins = new LinkedHashMap<>();
        for (Path file : files) {
            for (CommandPlugin p : loadFile(file, problems)) {
                CommandPlugin before = plugins.put(p.name(), p);
                if (before != null) {
                    LOG.warn("plugin {} of {} replaces the one of {}", p.name(), p.source(), before.source());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfDirException(problems);
        }
        return plugins.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /**
     * Loads one file.
     *
     * @param file the file
     * @return its plugins
     * @throws ConfDirException listing every problem of the file
     */
    public static List<CommandPlugin> loadFile(Path file) {
        List<String> problems = new ArrayList<>();
        List<CommandPlugin> plugins = loadFile(file, problems);
        if (!problems.isEmpty()) {
            throw new ConfDirException(problems);
        }
        return plugins;
    }

    private static List<CommandPlugin> loadFile(Path file, List<String> problems) {
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (IOException e) {
            problems.add(file + ": cannot read: " + e.getMessage());
            return List.of();
        }
        if (toml.hasErrors()) {
            for (TomlParseError e : toml.errors()) {
                problems.add(at(file, e.position()) + ": invalid TOML: " + e.getMessage());
            }
            return List.of();
        }
        Object pluginValue = toml.get(List.of("plugin"));
        if (!(pluginValue instanceof TomlTable pluginTable)) {
            if (pluginValue != null) {
                problems.add(at(file, toml.inputPositionOf(List.of("plugin"))) + ": 'plugin' must be a table");
            }
            return List.of();
        }
        Object metricsValue = pluginTable.get(List.of("metrics"));
        if (!(metricsValue instanceof TomlTable metrics)) {
            if (metricsValue != null) {
                problems.add(at(file, toml.inputPositionOf(List.of("plugin", "metrics"))) + ": 'plugin.metrics' must be a table");
            }
            return List.of();
        }
        List<CommandPlugin> out = new ArrayList<>();
        for (String name : metrics.keySet()) {
            List<String> path = List.of("plugin", "metrics", name);
            String where = at(file, toml.inputPositionOf(path));
            Object v = metrics.get(List.of(name));
            if (!(v instanceof TomlTable table)) {
                problems.add(where + ": plugin.metrics." + quote(name) + " must be a table [plugin.metrics." + quote(name) + "] with a command");
                continue;
            }
            int before = problems.size();
            String command = null;
            Duration timeout = CommandPlugin.DEFAULT_TIMEOUT;
            for (String key : table.keySet()) {
                Object value = table.get(List.of(key));
                String keyWhere = at(file, toml.inputPositionOf(List.of("plugin", "metrics", name, key)));
                String full = "plugin.metrics." + quote(name) + "." + quote(key);
                if (value instanceof TomlTable) {
                    problems.add(keyWhere + ": table [" + full + "] is nested too deep; a plugin is a table"
                            + " [plugin.metrics.<name>] (two dots) with a command");
                } else if (key.equals("command")) {
                    if (value instanceof String s && !s.isBlank()) {
                        command = s;
                    } else {
                        problems.add(keyWhere + ": " + full + " must be a non-empty string");
                    }
                } else if (key.equals("timeout")) {
                    if (value instanceof Long l && l > 0) {
                        timeout = Duration.ofSeconds(l);
                    } else if (value instanceof Double d && d > 0 && d < 1e9) {
                        timeout = Duration.ofMillis(Math.max(1, Math.round(d * 1000)));
                    } else {
                        problems.add(keyWhere + ": " + full + " must be a positive number of seconds");
                    }
                } else {
                    problems.add(keyWhere + ": unknown key " + full + " (expected command and optionally timeout)");
                }
            }
            if (command == null && problems.size() == before) {
                problems.add(where + ": plugin.metrics." + quote(name) + " has no command");
            }
            if (problems.size() == before) {
                out.add(new CommandPlugin(name, command, timeout, where));
            }
        }
        return out;
    }

    private static String at(Path file, TomlPosition position) {
        return position == null ? file.toString() : file + ":" + position.line();
    }

    private static String quote(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key.replace("\"", "\\\"") + "\"";
    }
}
