package io.kurado.core.web;

import io.kurado.api.KuradoException;
import io.kurado.api.storage.Storage;
import io.kurado.core.cluster.PeerClient;
import io.kurado.core.cluster.Placement;
import io.kurado.core.cluster.PlacedStorage;
import io.kurado.core.cluster.SeriesWire;
import io.kurado.core.cluster.ShardFiles;
import io.kurado.core.cluster.Shards;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pages other nodes read this node's hosts through: their series ({@link SeriesWire}) and
 * their files ({@link ShardFiles}). They answer from this node's own storage, and only for hosts
 * it holds (else 421, so the asker tries the next holder); the access rules of every page apply
 * to them.
 */
final class PeerPages {
    private final Supplier<KuradoConfig> config;
    private final PlacedStorage reads;
    private final String nodeName;

    PeerPages(Supplier<KuradoConfig> config, PlacedStorage reads, String nodeName) {
        this.config = config;
        this.reads = reads;
        this.nodeName = nodeName;
    }

    /** @return the pages by path */
    Map<String, WebHandler> routes() {
        return Map.of(
                SeriesWire.READ, req -> series(req, () -> SeriesWire.data(storage().read(parse(req, SeriesWire::parseRead)))),
                SeriesWire.LAST, req -> series(req, () -> SeriesWire.last(storage().lastUpdate(parse(req, SeriesWire::parseSeries)))),
                SeriesWire.KEYS, req -> series(req, () -> SeriesWire.keys(storage().keys(required(req, "address"), required(req, "plugin")))),
                ShardFiles.PATH, this::shardFiles);
    }

    private Storage storage() {
        return reads.local();
    }

    private WebResponse series(WebRequest req, Supplier<String> answer) {
        String address = required(req, "address");
        Placement p = reads.placement().placementOf(address);
        if (!p.local()) {
            return WebResponse.text(421, "node " + nodeName + " does not hold the files of " + address
                    + req.header(PeerClient.FORWARDED_BY).map(n -> " (asked by node " + n + ")").orElse("") + "\n");
        }
        try {
            return WebResponse.json(answer.get());
        } catch (WebException e) {
            throw e;
        } catch (KuradoException e) {
            throw new WebException(500, e.getMessage());
        }
    }

    private WebResponse shardFiles(WebRequest req) {
        int shards = number(req, "shards", 1);
        int shard = number(req, "shard", 0);
        if (shard >= shards) {
            throw WebException.badRequest("shard " + shard + " is not one of " + shards + " shards");
        }
        Optional<String> address = req.param("address");
        Storage storage = storage();
        storage.flush();
        if (address.isEmpty()) {
            List<String> hosts = new ArrayList<>();
            for (HostEntry h : config.get().hosts()) {
                if (Shards.shardOf(h.address(), shards) == shard
                        && storage.hostDirectory(h.address()).filter(Files::isDirectory).isPresent()) {
                    hosts.add(h.address());
                }
            }
            return WebResponse.json(Json.write(g -> {
                g.writeStartObject();
                g.writeStringField("node", nodeName);
                g.writeNumberField("shard", shard);
                g.writeNumberField("shards", shards);
                g.writeArrayFieldStart("hosts");
                for (String h : hosts) {
                    g.writeString(h);
                }
                g.writeEndArray();
                g.writeEndObject();
            }));
        }
        String a = address.get();
        if (Shards.shardOf(a, shards) != shard) {
            throw WebException.badRequest(a + " is in shard " + Shards.shardOf(a, shards) + " of " + shards + ", not " + shard);
        }
        Path dir = storage.hostDirectory(a).orElseThrow(() -> WebException.notFound(
                "the storage of node " + nodeName + " keeps no files per host"));
        return new WebResponse(200, "application/octet-stream", Map.of("Cache-Control", "no-store"),
                ShardFiles.stream(dir.getParent(), List.of(dir)));
    }

    private static <T> T parse(WebRequest req, java.util.function.Function<java.util.function.Function<String, Optional<String>>, T> f) {
        try {
            return f.apply(req::param);
        } catch (IllegalArgumentException e) {
            throw WebException.badRequest(e.getMessage());
        }
    }

    private static String required(WebRequest req, String name) {
        return req.param(name).orElseThrow(() -> WebException.badRequest("missing parameter '" + name + "'"));
    }

    private static int number(WebRequest req, String name, int min) {
        String v = required(req, name);
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw WebException.badRequest("'" + name + "' must be a whole number from " + min + ", not '" + v + "'");
    }
}
