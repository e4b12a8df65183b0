package io.kurado.examples.cli;

import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Service;
import io.kurado.core.plugin.PluginRegistry;
import java.util.LinkedHashSet;
import java.util.Set;

/** The text {@code kurado config} prints: hosts per service and plugins with their kinds. */
final class ConfigReport {
    private ConfigReport() {}

    static String render(KuradoConfig cfg, PluginRegistry registry) {
        int w = 50;
        for (Service s : cfg.services()) {
            w = Math.max(w, displayWidth(s.name()) + 2);
        }
        String rule = "-".repeat(w + 1) + "+-------\n";
        StringBuilder sb = new StringBuilder();
        sb.append("# REGISTERED HOSTS\n").append(rule);
        sb.append(' ').append(pad("SERVICE", w)).append("| ").append(String.format("%5s", "HOSTS")).append(" \n");
        sb.append(rule);
        int total = 0;
        for (Service s : cfg.services()) {
            sb.append(' ').append(pad(s.name(), w)).append("| ").append(String.format("%5d", s.hostCount())).append(" \n");
            total += s.hostCount();
        }
        sb.append(rule);
        sb.append(' ').append(pad("TOTAL", w)).append("| ").append(String.format("%5d", total)).append(" \n");
        sb.append(rule).append('\n');
        Set<String> used = new LinkedHashSet<>();
        cfg.rolls().values().stream().flatMap(r -> r.plugins().stream()).forEach(p -> used.add(p.name()));
        sb.append("# LOADED PLUGINS\n");
        sb.append(' ').append(pad("PLUGIN", w)).append("| ").append(String.format("%5s", "TYPE")).append(" \n");
        sb.append(rule);
        for (String name : registry.pluginNames()) {
            if (!used.contains(name)) {
                continue;
            }
            for (PluginRegistry.Kind k : registry.kinds(name)) {
                sb.append(' ').append(pad(name, w)).append("| ")
                        .append(String.format("%5s", k.name().toLowerCase(java.util.Locale.ROOT))).append(" \n");
            }
        }
        sb.append(rule).append('\n');
        if (cfg.alerts().configured()) {
            java.util.Map<String, io.kurado.core.config.AlertRuleConfig> rules =
                    io.kurado.core.alert.Conditions.rules(cfg, registry::viewer);
            sb.append("# ALERTS\n");
            sb.append(" rules: ").append(rules.isEmpty() ? "none" : String.join(", ", rules.keySet())).append('\n');
            if (!cfg.alerts().disabled().isEmpty()) {
                sb.append(" switched off: ").append(String.join(", ", cfg.alerts().disabled())).append('\n');
            }
            sb.append(" receivers: ").append(cfg.alerts().receivers().isEmpty() ? "none"
                    : String.join(", ", cfg.alerts().receivers().stream().map(r -> r.name() + " (" + r.type() + ")").toList()))
                    .append("\n\n");
        }
        sb.append("OK. config loaded!\n");
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - displayWidth(s)));
    }

    /** Width on a terminal: East Asian wide and full-width characters count 2. */
    static int displayWidth(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += isWide(cp) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return w;
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0x303E)
                || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
