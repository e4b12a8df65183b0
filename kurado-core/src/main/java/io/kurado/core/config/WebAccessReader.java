package io.kurado.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the {@code web} mapping of {@code config} into {@link WebAccess}, reporting each problem with its line. */
final class WebAccessReader {
    static final Set<String> KEYS = Set.of("allow", "basic_auth_users", "trusted_proxy", "tls", "peer_auth");
    private static final Set<String> PEER_KEYS = Set.of("user", "password");
    private static final Set<String> PROXY_KEYS = Set.of("header", "from");
    private static final Set<String> TLS_KEYS = Set.of("cert_file", "key_file");
    /** A bcrypt hash as htpasswd -B (2y), PHP and OpenBSD (2a, 2b) write it. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    private final Path file;
    private final Path base;
    private final List<ConfigProblem> problems;

    WebAccessReader(Path file, Path base, List<ConfigProblem> problems) {
        this.file = file;
        this.base = base;
        this.problems = problems;
    }

    WebAccess read(Node node) {
        if (YamlTree.isNull(node)) {
            return WebAccess.OPEN;
        }
        Optional<Map<String, NodeTuple>> web = mapping(node, "'web'", KEYS);
        if (web.isEmpty()) {
            return WebAccess.OPEN;
        }
        Map<String, NodeTuple> e = web.get();
        List<Cidr> allow = e.containsKey("allow") ? ranges(e.get("allow").getValueNode(), "'web.allow'") : List.of();
        Map<String, String> users = e.containsKey("basic_auth_users") ? users(e.get("basic_auth_users").getValueNode()) : Map.of();
        Optional<WebAccess.TrustedProxy> proxy = e.containsKey("trusted_proxy") ? proxy(e.get("trusted_proxy").getValueNode())
                : Optional.empty();
        Optional<WebAccess.TlsFiles> tls = e.containsKey("tls") ? tls(e.get("tls").getValueNode()) : Optional.empty();
        Optional<WebAccess.PeerAuth> peer = e.containsKey("peer_auth") ? peer(e.get("peer_auth").getValueNode()) : Optional.empty();
        return new WebAccess(allow, users, proxy, tls, peer);
    }

    private Optional<WebAccess.PeerAuth> peer(Node node) {
        Optional<Map<String, NodeTuple>> m = mapping(node, "'web.peer_auth'", PEER_KEYS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        NodeTuple user = m.get().get("user");
        NodeTuple password = m.get().get("password");
        Optional<String> name = user == null ? Optional.empty() : YamlTree.scalar(user.getValueNode()).map(String::strip);
        Optional<String> secret = password == null ? Optional.empty() : YamlTree.scalar(password.getValueNode());
        if (name.isEmpty() || name.get().isEmpty() || name.get().contains(":")) {
            problems.add(ConfigLoader.problem(file, user == null ? node : user.getValueNode(),
                    "'web.peer_auth' needs 'user': a name in the other nodes' basic_auth_users, without ':'"));
        }
        if (secret.isEmpty() || secret.get().isEmpty()) {
            // The value is a secret: it is not repeated.
            problems.add(ConfigLoader.problem(file, password == null ? node : password.getValueNode(),
                    "'web.peer_auth' needs 'password': the password of that user, in clear"));
        }
        if (name.isEmpty() || name.get().isEmpty() || name.get().contains(":") || secret.isEmpty() || secret.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WebAccess.PeerAuth(name.get(), secret.get()));
    }

    private Optional<Map<String, NodeTuple>> mapping(Node node, String what, Set<String> known) {
        if (!(node instanceof MappingNode map)) {
            problems.add(ConfigLoader.problem(file, node, what + " must be a mapping, not " + YamlTree.kind(node)));
            return Optional.empty();
        }
        Map<String, NodeTuple> e = YamlTree.entries(map);
        for (Map.Entry<String, NodeTuple> x : e.entrySet()) {
            if (!known.contains(x.getKey())) {
                problems.add(ConfigLoader.problem(file, x.getValue().getKeyNode(), "unknown setting '" + x.getKey() + "' in " + what
                        + DidYouMean.hint(x.getKey(), known)));
            }
        }
        return Optional.of(e);
    }

    private List<Cidr> ranges(Node node, String what) {
        List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
        List<Cidr> out = new ArrayList<>();
        int before = problems.size();
        for (Node item : items) {
            Optional<String> text = YamlTree.scalar(item);
            if (text.isEmpty()) {
                problems.add(ConfigLoader.problem(file, item, what + " must list address ranges such as 10.0.0.0/8, not "
                        + YamlTree.kind(item)));
                continue;
            }
            try {
                out.add(Cidr.parse(text.get()));
            } catch (IllegalArgumentException ex) {
                problems.add(ConfigLoader.problem(file, item, what + ": " + ex.getMessage()));
            }
        }
        if (out.isEmpty() && problems.size() == before) {
            problems.add(ConfigLoader.problem(file, node, what + " lists no address range; leave it out to allow every address"));
        }
        return out;
    }

    private Map<String, String> users(Node node) {
        if (!(node instanceof MappingNode map)) {
            problems.add(ConfigLoader.problem(file, node, "'web.basic_auth_users' must map each user name to a bcrypt hash "
                    + "(htpasswd -nB USER prints one), not " + YamlTree.kind(node)));
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> x : YamlTree.entries(map).entrySet()) {
            String user = x.getKey();
            Node value = x.getValue().getValueNode();
            Optional<String> hash = YamlTree.scalar(value).map(String::strip);
            if (user.isEmpty() || user.contains(":")) {
                problems.add(ConfigLoader.problem(file, x.getValue().getKeyNode(), "the user name '" + user
                        + "' in 'web.basic_auth_users' must be non-empty and without ':'"));
            } else if (hash.isEmpty() || !BCRYPT.matcher(hash.get()).matches()) {
                // The value is a secret: it is not repeated, even when it is wrong.
                problems.add(ConfigLoader.problem(file, value, "the password of '" + user + "' in 'web.basic_auth_users' is not a bcrypt "
                        + "hash ($2y$, $2b$ or $2a$, cost, 53 characters); make one with: htpasswd -nB " + user));
            } else {
                out.put(user, hash.get());
            }
        }
        return out;
    }

    private Optional<WebAccess.TrustedProxy> proxy(Node node) {
        Optional<Map<String, NodeTuple>> m = mapping(node, "'web.trusted_proxy'", PROXY_KEYS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        NodeTuple header = m.get().get("header");
        NodeTuple from = m.get().get("from");
        Optional<String> name = header == null ? Optional.empty() : YamlTree.scalar(header.getValueNode()).map(String::strip);
        if (name.isEmpty() || !name.get().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            problems.add(ConfigLoader.problem(file, header == null ? node : header.getValueNode(),
                    "'web.trusted_proxy' needs 'header': the request header naming the signed-in user, such as X-Forwarded-User"));
        }
        if (from == null) {
            problems.add(ConfigLoader.problem(file, node, "'web.trusted_proxy' needs 'from': the proxy's address ranges, "
                    + "the only ones whose header is believed"));
        }
        int before = problems.size();
        List<Cidr> ranges = from == null ? List.of() : ranges(from.getValueNode(), "'web.trusted_proxy.from'");
        if (problems.size() > before || name.isEmpty() || ranges.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WebAccess.TrustedProxy(name.get(), ranges));
    }

    private Optional<WebAccess.TlsFiles> tls(Node node) {
        Optional<Map<String, NodeTuple>> m = mapping(node, "'web.tls'", TLS_KEYS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> cert = path(m.get(), "cert_file", node);
        Optional<Path> key = path(m.get(), "key_file", node);
        if (cert.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        try {
            PemKeys.load(cert.get(), key.get());
        } catch (IllegalArgumentException ex) {
            problems.add(ConfigLoader.problem(file, node, "'web.tls': " + ex.getMessage()));
            return Optional.empty();
        }
        return Optional.of(new WebAccess.TlsFiles(cert.get(), key.get()));
    }

    private Optional<Path> path(Map<String, NodeTuple> e, String key, Node parent) {
        NodeTuple t = e.get(key);
        Optional<String> v = t == null ? Optional.empty() : YamlTree.scalar(t.getValueNode()).filter(s -> !s.isBlank());
        if (v.isEmpty()) {
            problems.add(ConfigLoader.problem(file, t == null ? parent : t.getValueNode(), "'web.tls' needs '" + key
                    + "': the path of a PEM file"));
            return Optional.empty();
        }
        return Optional.of(base.resolve(v.get().strip()));
    }
}
