package io.kurado.core.cluster;

import io.kurado.api.KuradoException;
import io.kurado.api.MetricKey;
import io.kurado.api.Sample;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.StorageProblem;
import io.kurado.api.storage.WriteResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * The storage every reader of series uses (graphs, exports, alert rules): a host's series are read
 * from this node's storage when this node {@linkplain Placement#local() holds} the host, else from
 * a node that holds it, over its web UI ({@link SeriesWire}) with the short deadlines of
 * {@link PeerClient}, the next live holder when one fails. The holder's storage answers, so a
 * remote read sees the samples not yet in its files as a local read does.
 *
 * <p>The placement is asked at each read, so a new shard map applies to the next one. On a single
 * server ({@link HostPlacement#LOCAL}) every read goes to the local storage unchanged.
 *
 * <p>Writes, problems and losses are the local storage's. Closing this does not close the local
 * storage: its owner does.
 */
public final class PlacedStorage implements Storage {
    private final Storage local;
    private final HostPlacement placement;
    private final PeerClient peers;

    /**
     * @param local this node's storage
     * @param placement where each host's files are; asked at each read
     * @param peers asks the other nodes
     */
    public PlacedStorage(Storage local, HostPlacement placement, PeerClient peers) {
        this.local = Objects.requireNonNull(local, "local");
        this.placement = Objects.requireNonNull(placement, "placement");
        this.peers = Objects.requireNonNull(peers, "peers");
    }

    /** @return this node's storage */
    public Storage local() {
        return local;
    }

    /** @return where each host's files are */
    public HostPlacement placement() {
        return placement;
    }

    /** @return how the other nodes are asked */
    public PeerClient peers() {
        return peers;
    }

    @Override
    public WriteResult write(List<Sample> samples) {
        return local.write(samples);
    }

    @Override
    public OptionalLong lastUpdate(SeriesRef series) {
        Placement p = placement.placementOf(series.address());
        if (p.local()) {
            return local.lastUpdate(series);
        }
        return fromHolders(series.address(), p, SeriesWire.last(series), SeriesWire::parseLast);
    }

    @Override
    public Optional<SeriesData> read(SeriesQuery query) {
        Placement p = placement.placementOf(query.series().address());
        if (p.local()) {
            return local.read(query);
        }
        return fromHolders(query.series().address(), p, SeriesWire.read(query), SeriesWire::parseData);
    }

    @Override
    public Set<MetricKey> keys(String address, String escapedPlugin) {
        Placement p = placement.placementOf(address);
        if (p.local()) {
            return local.keys(address, escapedPlugin);
        }
        return fromHolders(address, p, SeriesWire.keys(address, escapedPlugin), SeriesWire::parseKeys);
    }

    @Override
    public List<StorageProblem> problems() {
        return local.problems();
    }

    @Override
    public long samplesLost() {
        return local.samplesLost();
    }

    @Override
    public long flush() {
        return local.flush();
    }

    @Override
    public Optional<Path> hostDirectory(String address) {
        return local.hostDirectory(address);
    }

    @Override
    public void openForWriting() {
        local.openForWriting();
    }

    /** Leaves the local storage to its owner. */
    @Override
    public void close() {}

    /**
     * Asks the live holders of a host in turn.
     *
     * @throws HoldersDownException when none answers, naming each and why
     * @throws KuradoException when a holder answers that the read failed there (the next would too)
     */
    private <T> T fromHolders(String address, Placement p, String pathAndQuery, Function<byte[], T> parse) {
        List<String> failures = new ArrayList<>();
        List<String> down = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Peer peer : p.holders()) {
            if (!peer.alive()) {
                failures.add("node " + peer.nodeId() + " is down (its lease has expired)");
                down.add(peer.nodeId());
                continue;
            }
            try {
                PeerClient.Answer a = peers.get(peer, pathAndQuery, Map.of());
                if (a.status() == 200) {
                    return parse.apply(a.body());
                }
                if (a.status() == 400 || a.status() == 500) {
                    throw new KuradoException("node " + peer.nodeId() + ": " + a.text().strip());
                }
                failures.add(PeerClient.refusal(peer, a, address));
                refused.add(peer.nodeId());
            } catch (PeerException e) {
                failures.add(e.getMessage());
                down.add(peer.nodeId());
            }
        }
        throw new HoldersDownException(address, p, failures, down, refused);
    }
}
