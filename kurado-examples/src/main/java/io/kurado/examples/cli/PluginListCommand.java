package io.kurado.examples.cli;

import io.kurado.core.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kurado plugin list}: every discovered plugin with what it provides, its classes and jars. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "List every discovered plugin: fetch and/or view, the class of each and the jar it comes from.")
public final class PluginListCommand implements Callable<Integer> {
    @CommandLine.Mixin
    PluginOptions options = new PluginOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<PluginRegistry> registry = options.registry(spec.commandLine().getErr());
        if (registry.isEmpty()) {
            return 1;
        }
        PluginRegistry r = registry.get();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PLUGIN", "KIND", "CLASS", "FROM"});
        for (String name : r.pluginNames()) {
            r.fetcher(name).ifPresent(f -> rows.add(new String[] {name, "fetch", f.getClass().getName(), where(f)}));
            r.viewer(name).ifPresent(v -> rows.add(new String[] {name, "view", v.getClass().getName(), where(v)}));
        }
        int[] width = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        String format = "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s%n";
        for (String[] row : rows) {
            out.printf(format, (Object[]) row);
        }
        out.flush();
        return 0;
    }

    private static String where(Object o) {
        var src = o.getClass().getProtectionDomain().getCodeSource();
        return src == null || src.getLocation() == null ? "(built in)" : src.getLocation().getPath();
    }
}
