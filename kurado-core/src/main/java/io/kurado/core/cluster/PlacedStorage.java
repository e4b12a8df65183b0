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
import java.util.function.BiFunction;
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
     * Asks the live holders of a host in turn, from the first, until one gives an answer that
     * {@code accept} takes. A holder whose lease has expired is not asked; one that cannot be
     * reached within the deadlines, or whose answer {@code accept} refuses, is passed over for the
     * next.
     *
     * @param address the host
     * @param p where its files are
     * @param pathAndQuery what to ask each holder
     * @param headers sent with the request
     * @param accept the value of a holder's answer, or empty when the next holder should be asked;
     *     it may throw to end the asking (an answer the next holder would give too)
     * @param <T> the value
     * @return the value of the first answer taken
     * @throws HoldersDownException when no holder gave one, naming each and why
     */
    public <T> T askHolders(String address, Placement p, String pathAndQuery, Map<String, String> headers,
            BiFunction<Peer, PeerClient.Answer, Optional<T>> accept) {
        List<String> failures = new ArrayList<>();
        List<String> down = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Peer peer : p.holders()) {
            if (!peer.alive()) {
                failures.add("node " + peer.nodeId() + " is down (its lease has expired)");
                down.add(peer.nodeId());
                continue;
            }
            PeerClient.Answer a;
            try {
                a = peers.get(peer, pathAndQuery, headers);
            } catch (PeerException e) {
                failures.add(e.getMessage());
                down.add(peer.nodeId());
                continue;
            }
            Optional<T> taken = accept.apply(peer, a);
            if (taken.isPresent()) {
                return taken.get();
            }
            failures.add(PeerClient.refusal(peer, a, address));
            refused.add(peer.nodeId());
        }
        throw new HoldersDownException(address, p, failures, down, refused);
    }

    /**
     * Reads from the holders: a 200 is the value; a 400 or 500 is a read that failed there (the
     * next holder's would too), thrown as a {@link KuradoException}; anything else is a refusal.
     */
    private <T> T fromHolders(String address, Placement p, String pathAndQuery, Function<byte[], T> parse) {
        return askHolders(address, p, pathAndQuery, Map.of(), (peer, a) -> {
            if (a.status() == 200) {
                return Optional.of(parse.apply(a.body()));
            }
            if (a.status() == 400 || a.status() == 500) {
                throw new KuradoException("node " + peer.nodeId() + ": " + a.text().strip());
            }
            return Optional.empty();
        });
    }
}
