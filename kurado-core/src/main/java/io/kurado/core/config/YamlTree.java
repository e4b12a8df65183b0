package io.kurado.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into node trees that remember their lines, with SnakeYAML's safe constructor only, and
 * turns nodes into plain Java values (String, Long, Double, Boolean, List, Map) on request.
 */
final class YamlTree {
    private static final int MAX_DEPTH = 64;

    private YamlTree() {}

    /** The documents of a file, or the problem that stopped reading it, and the SHA-256 of its bytes (hex, empty when unread). */
    record Documents(List<Node> nodes, Optional<ConfigProblem> problem, String sha256) {
        Documents(List<Node> nodes, Optional<ConfigProblem> problem) {
            this(nodes, problem, "");
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static Documents read(Path file) {
        List<Node> nodes = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(100);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Documents(nodes, Optional.of(new ConfigProblem(file, 0, "cannot read file: " + e)));
        }
        try (Reader reader = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT))) {
            for (Node node : yaml.composeAll(reader)) {
                nodes.add(node);
            }
            return new Documents(nodes, Optional.empty(), sha256(bytes));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? e.getContext() + ": " : "";
            return new Documents(nodes, Optional.of(new ConfigProblem(file, line(mark), "YAML syntax error: " + context + what)));
        } catch (YAMLException e) {
            return new Documents(nodes, Optional.of(new ConfigProblem(file, 0, "cannot read YAML: " + e.getMessage())));
        } catch (IOException e) {
            return new Documents(nodes, Optional.of(new ConfigProblem(file, 0, "cannot read file: " + e)));
        }
    }

    static int line(Node node) {
        return line(node.getStartMark());
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** The entries of a mapping, keys as text, in file order. */
    static Map<String, NodeTuple> entries(MappingNode map) {
        Map<String, NodeTuple> m = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                m.put(k.getValue(), t);
            }
        }
        return m;
    }

    static Optional<String> scalar(Node node) {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return Optional.of(s.getValue());
        }
        return Optional.empty();
    }

    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "empty" : "'" + ((ScalarNode) node).getValue() + "'";
    }

    /** Converts a node to plain Java values, as the safe constructor would. */
    static Object toValue(Node node) {
        return toValue(node, 0);
    }

    private static Object toValue(Node node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested too deeply at line " + line(node));
        }
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                Object k = toValue(t.getKeyNode(), depth + 1);
                out.put(String.valueOf(k), toValue(t.getValueNode(), depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            for (Node n : s.getValue()) {
                out.add(toValue(n, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        String v = s.getValue();
        try {
            if (tag.equals(Tag.NULL)) {
                return "";
            }
            if (tag.equals(Tag.BOOL)) {
                return Boolean.valueOf(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on"));
            }
            if (tag.equals(Tag.INT)) {
                return Long.decode(v.replace("_", ""));
            }
            if (tag.equals(Tag.FLOAT)) {
                return Double.valueOf(v.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            return v;
        }
        return v;
    }
}
