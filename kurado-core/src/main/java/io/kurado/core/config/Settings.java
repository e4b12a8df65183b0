package io.kurado.core.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code config} document: where things are and how many workers run. Keys of the original keep
 * their names and defaults; the settings the Java version adds have defaults, so an original file
 * needs no edits.
 *
 * @param redis the Redis server ({@code host:port}, or a URI Lettuce reads: {@code redis://}, {@code rediss://},
 *     {@code redis-socket://}, {@code redis-sentinel://}, or {@code redis-cluster://} for a Redis Cluster); empty to run without
 *     Redis (in-memory queue and meta store)
 * @param dataDir the RRD root ({@code data_dir}, default {@code data})
 * @param rollsDir where roll files are ({@code rolls_dir}, default {@code sample_rolls})
 * @param pluginDirs directories searched for plugin jars ({@code metrics_plugin_dir})
 * @param webWorkers threads serving pages ({@code web_worker}, default 5)
 * @param updateWorkers threads writing batches ({@code update_worker}, default 2)
 * @param fetchWorkers threads running fetchers ({@code fetch_worker}, default 2)
 * @param listen the web UI's address ({@code listen}, default {@code 0.0.0.0:5434})
 * @param fetchTimeout the longest one fetch may take ({@code fetch_timeout} in seconds, default 30)
 * @param raw every key of the document as text, for providers
 * @param ingest what the update role accepts ({@code max_batch_bytes}, {@code max_line_bytes},
 *     {@code max_future_seconds})
 * @param web what one request to the web UI may cost ({@code max_graph_days}, {@code max_graph_width},
 *     {@code max_graph_points}, {@code graph_worker})
 */
public record Settings(
        Optional<String> redis,
        Path dataDir,
        Path rollsDir,
        List<Path> pluginDirs,
        int webWorkers,
        int updateWorkers,
        int fetchWorkers,
        InetSocketAddress listen,
        Duration fetchTimeout,
        Map<String, String> raw,
        IngestLimits ingest,
        WebLimits web,
        WebAccess access) {
    /** The web UI's port, as the original's. */
    public static final int DEFAULT_PORT = 5434;

    /** Validates the fields and copies the collections. */
    public Settings {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(rollsDir, "rollsDir");
        pluginDirs = List.copyOf(pluginDirs);
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        raw = Map.copyOf(raw);
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(access, "access");
    }

    /**
     * Settings without access rules ({@link WebAccess#OPEN}).
     *
     * @param redis the Redis server, or empty
     * @param dataDir the RRD root
     * @param rollsDir where roll files are
     * @param pluginDirs directories searched for plugin jars
     * @param webWorkers threads serving pages
     * @param updateWorkers threads writing batches
     * @param fetchWorkers threads running fetchers
     * @param listen the web UI's address
     * @param fetchTimeout the longest one fetch may take
     * @param raw every key of the document as text
     * @param ingest what the update role accepts
     * @param web what one request to the web UI may cost
     */
    public Settings(
            Optional<String> redis,
            Path dataDir,
            Path rollsDir,
            List<Path> pluginDirs,
            int webWorkers,
            int updateWorkers,
            int fetchWorkers,
            InetSocketAddress listen,
            Duration fetchTimeout,
            Map<String, String> raw,
            IngestLimits ingest,
            WebLimits web) {
        this(redis, dataDir, rollsDir, pluginDirs, webWorkers, updateWorkers, fetchWorkers, listen, fetchTimeout, raw, ingest, web,
                WebAccess.OPEN);
    }

    /**
     * Settings with the default {@link IngestLimits} and {@link WebLimits}.
     *
     * @param redis the Redis server, or empty
     * @param dataDir the RRD root
     * @param rollsDir where roll files are
     * @param pluginDirs directories searched for plugin jars
     * @param webWorkers threads serving pages
     * @param updateWorkers threads writing batches
     * @param fetchWorkers threads running fetchers
     * @param listen the web UI's address
     * @param fetchTimeout the longest one fetch may take
     * @param raw every key of the document as text
     */
    public Settings(
            Optional<String> redis,
            Path dataDir,
            Path rollsDir,
            List<Path> pluginDirs,
            int webWorkers,
            int updateWorkers,
            int fetchWorkers,
            InetSocketAddress listen,
            Duration fetchTimeout,
            Map<String, String> raw) {
        this(redis, dataDir, rollsDir, pluginDirs, webWorkers, updateWorkers, fetchWorkers, listen, fetchTimeout, raw,
                IngestLimits.DEFAULT, WebLimits.DEFAULT);
    }

    /**
     * @param limits the ingest limits to use
     * @return a copy with other ingest limits
     */
    public Settings withIngestLimits(IngestLimits limits) {
        return new Settings(redis, dataDir, rollsDir, pluginDirs, webWorkers, updateWorkers, fetchWorkers, listen, fetchTimeout,
                raw, limits, web, access);
    }

    /**
     * @param limits the web limits to use
     * @return a copy with other web limits
     */
    public Settings withWebLimits(WebLimits limits) {
        return new Settings(redis, dataDir, rollsDir, pluginDirs, webWorkers, updateWorkers, fetchWorkers, listen, fetchTimeout,
                raw, ingest, limits, access);
    }

    /**
     * @param dir the data directory to use
     * @return a copy with another data directory
     */
    public Settings withDataDir(Path dir) {
        return new Settings(redis, dir, rollsDir, pluginDirs, webWorkers, updateWorkers, fetchWorkers, listen, fetchTimeout, raw,
                ingest, web, access);
    }

    /**
     * @param address the listen address to use
     * @return a copy with another listen address
     */
    public Settings withListen(InetSocketAddress address) {
        return new Settings(redis, dataDir, rollsDir, pluginDirs, webWorkers, updateWorkers, fetchWorkers, address, fetchTimeout,
                raw, ingest, web, access);
    }

    /**
     * @param rules who may see the web UI, and its TLS
     * @return a copy with other access rules
     */
    public Settings withAccess(WebAccess rules) {
        return new Settings(redis, dataDir, rollsDir, pluginDirs, webWorkers, updateWorkers, fetchWorkers, listen, fetchTimeout,
                raw, ingest, web, rules);
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port}, {@code :port} or {@code port}.
     *
     * @param text the address
     * @return the unresolved socket address
     * @throws IllegalArgumentException when it is not of that form
     */
    public static InetSocketAddress parseListen(String text) {
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? "0.0.0.0" : s.substring(0, colon);
        String port = colon < 0 ? s : s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen address '" + text + "' must be HOST:PORT");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " in '" + text + "' is out of range");
        }
        return InetSocketAddress.createUnresolved(host, p);
    }

    /** @return the settings with any Redis password masked */
    @Override
    public String toString() {
        return "Settings[redis=" + redis.map(Settings::redact).orElse("(none: in memory)") + ", dataDir=" + dataDir
                + ", rollsDir=" + rollsDir + ", pluginDirs=" + pluginDirs + ", webWorkers=" + webWorkers
                + ", updateWorkers=" + updateWorkers + ", fetchWorkers=" + fetchWorkers + ", listen=" + listen
                + ", fetchTimeout=" + fetchTimeout + ", ingest=" + ingest + ", web=" + web + ", access=" + access + "]";
    }

    /**
     * Masks the password of a Redis address, for logs.
     *
     * @param redis {@code host:port} or {@code redis://[user][:password@]host:port[/db]}
     * @return the same with the password replaced by {@code ***}
     */
    public static String redact(String redis) {
        int scheme = redis.indexOf("://");
        int at = redis.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return redis;
        }
        String userInfo = redis.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return redis.substring(0, scheme + 3) + user + ":***" + redis.substring(at);
    }
}
