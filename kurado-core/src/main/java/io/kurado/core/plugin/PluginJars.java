package io.kurado.core.plugin;

import io.kurado.api.KuradoException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a class loader over the plugin jars found in directories (the configuration's
 * {@code metrics_plugin_dir}), so that plugins installed as jars are discovered like built-in ones.
 */
public final class PluginJars {
    private static final Logger log = LoggerFactory.getLogger(PluginJars.class);

    private PluginJars() {}

    /**
     * Lists the {@code *.jar} files directly inside the directories that exist, in directory order
     * and then by name.
     *
     * @param dirs the directories
     * @return the jars
     */
    public static List<Path> find(List<Path> dirs) {
        List<Path> jars = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                        .sorted()
                        .forEach(jars::add);
            } catch (IOException e) {
                throw new KuradoException("cannot list plugin directory " + dir + ": " + e.getMessage(), e);
            }
        }
        return jars;
    }

    /**
     * Builds a class loader that sees the jars in the directories on top of {@code parent}; returns
     * {@code parent} itself when there are none.
     *
     * @param dirs the directories
     * @param parent the class loader of the application
     * @return the class loader to discover plugins with
     */
    public static ClassLoader classLoader(List<Path> dirs, ClassLoader parent) {
        List<Path> jars = find(dirs);
        if (jars.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new KuradoException("bad plugin jar path " + jar, e);
            }
        }
        log.info("Loading plugin jars: {}", jars);
        return new URLClassLoader("kurado-plugins", urls.toArray(URL[]::new), parent);
    }
}
