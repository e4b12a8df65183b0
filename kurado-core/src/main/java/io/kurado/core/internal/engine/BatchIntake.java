package io.kurado.core.internal.engine;

import io.kurado.api.Meta;
import io.kurado.api.Observation;
import io.kurado.api.Sample;
import io.kurado.api.Warning;
import io.kurado.api.line.DecodedBatch;
import io.kurado.api.line.Excerpt;
import io.kurado.api.line.LineCodec;
import io.kurado.api.line.RejectedLine;
import io.kurado.api.meta.MetaWrite;
import io.kurado.api.queue.Delivery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.WriteResult;
import io.kurado.core.config.IngestLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The update role's door: decodes batches as bytes within the {@link IngestLimits}, keeps out what
 * cannot be trusted (batches over the size limit, malformed or over-long lines, addresses and keys
 * that are not UTF-8, samples stamped too far ahead of the clock), counts it, and reports it per
 * host through a {@link RejectLog} bounded per kind of fault. It also explains, after a write, which
 * samples storage skipped as older than their series.
 *
 * <p>Every host name and line it quotes is an {@link Excerpt}: short, control characters escaped.
 */
final class BatchIntake {
    /** Reports of rejected input per minute of each kind (lines, batches, early and late samples), over all hosts. */
    static final int MAX_REPORTS_PER_MINUTE = 10;
    /** The most series whose last update is read to explain the skips of one write. */
    static final int MAX_SKIP_PROBES = 200;
    private static final int HOST_CHARS = 64;

    private final IngestLimits limits;
    private final InstantSource clock;
    private final EngineCounters counters;
    private final RejectLog log;

    /**
     * What may be written of a list of batches.
     *
     * @param samples the samples to store
     * @param meta the meta values
     * @param warnings the warnings
     * @param received every host and plugin heard from, including those whose samples were rejected
     */
    record Accepted(List<Sample> samples, List<Meta> meta, List<Warning> warnings, List<MetaWrite.Received> received) {}

    BatchIntake(IngestLimits limits, InstantSource clock, EngineCounters counters, Consumer<String> warn) {
        this.limits = limits;
        this.clock = clock;
        this.counters = counters;
        this.log = new RejectLog(clock, Duration.ofMinutes(1), MAX_REPORTS_PER_MINUTE, warn);
    }

    Accepted decode(List<Delivery> batches) {
        List<Sample> samples = new ArrayList<>();
        List<Meta> meta = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        Set<MetaWrite.Received> received = new LinkedHashSet<>();
        Map<String, List<RejectedLine>> rejectedByHost = new LinkedHashMap<>();
        Map<String, List<Sample>> aheadByHost = new LinkedHashMap<>();
        Instant now = clock.instant();
        long newestAllowed = now.getEpochSecond() + limits.maxAhead().toSeconds();
        for (Delivery d : batches) {
            if (d.size() > limits.maxBatchBytes()) {
                rejectBatch(d);
                continue;
            }
            DecodedBatch b = LineCodec.decodeBatch(d.body(), limits.maxLineBytes());
            for (Observation o : b.observations()) {
                received.add(new MetaWrite.Received(o.address(), o.plugin()));
                if (o instanceof Sample s) {
                    counters.samplesTaken.increment();
                    if (s.timestamp() > newestAllowed) {
                        aheadByHost.computeIfAbsent(host(s.address()), k -> new ArrayList<>()).add(s);
                    } else {
                        samples.add(s);
                    }
                } else if (o instanceof Meta m) {
                    meta.add(m);
                } else if (o instanceof Warning w) {
                    warnings.add(w);
                }
            }
            for (RejectedLine r : b.rejected()) {
                int tab = r.line().indexOf('\t');
                String host = tab > 0 ? host(r.line().substring(0, tab)) : "(no address)";
                rejectedByHost.computeIfAbsent(host, k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<RejectedLine>> e : rejectedByHost.entrySet()) {
            List<RejectedLine> lines = e.getValue();
            counters.linesRejected.add(lines.size());
            log.report("lines", e.getKey(), () -> "Rejected " + lines.size() + " malformed line(s) from '" + e.getKey()
                    + "', e.g. " + lines.get(0));
        }
        for (Map.Entry<String, List<Sample>> e : aheadByHost.entrySet()) {
            List<Sample> ahead = e.getValue();
            counters.samplesInFuture.add(ahead.size());
            log.report("ahead", e.getKey(), () -> "Rejected " + ahead.size() + " sample(s) from '" + e.getKey()
                    + "' stamped more than " + limits.maxAhead().toSeconds()
                    + " s ahead of this server's clock (max_future_seconds), e.g. " + series(ahead.get(0)) + " at "
                    + time(ahead.get(0).timestamp()) + " while the clock reads " + time(now.getEpochSecond()));
        }
        return new Accepted(samples, meta, warnings, List.copyOf(received));
    }

    private void rejectBatch(Delivery d) {
        counters.batchesRejected.increment();
        byte[] head = d.size() > 512 ? java.util.Arrays.copyOf(d.body(), 512) : d.body();
        String first = new String(head, StandardCharsets.UTF_8);
        int tab = first.indexOf('\t');
        String host = tab > 0 ? host(first.substring(0, tab)) : "(no address)";
        log.report("batch", host, () -> "Rejected a batch of " + d.size() + " bytes from '" + host
                + "' (the address of its first line): larger than max_batch_bytes (" + limits.maxBatchBytes()
                + " bytes); none of it was written");
    }

    /**
     * Reports, per host, samples that storage skipped because their series was already updated
     * past them. Storage says only how many it skipped; this reads the last update of the series
     * involved (a bounded number) and names those whose samples were all older than it. Exact
     * repeats, as a replayed batch brings, are not named: they are counted as skipped only.
     */
    void explainSkips(List<Sample> written, WriteResult result, Storage storage) {
        if (result.skipped() == 0) {
            return;
        }
        Map<SeriesRef, long[]> newest = new LinkedHashMap<>();
        Map<SeriesRef, Sample> example = new LinkedHashMap<>();
        for (Sample s : written) {
            SeriesRef ref = SeriesRef.of(s.address(), s.plugin(), s.key());
            long[] n = newest.computeIfAbsent(ref, k -> new long[] {Long.MIN_VALUE, 0});
            n[1]++;
            if (s.timestamp() > n[0]) {
                n[0] = s.timestamp();
                example.put(ref, s);
            }
        }
        Map<String, long[]> countByHost = new LinkedHashMap<>();
        Map<String, String> exampleByHost = new LinkedHashMap<>();
        int probes = 0;
        for (Map.Entry<SeriesRef, long[]> e : newest.entrySet()) {
            String host = host(e.getKey().address());
            if (probes >= MAX_SKIP_PROBES) {
                break;
            }
            if (!exampleByHost.containsKey(host) && !log.wouldReport("skip", host)) {
                continue;
            }
            probes++;
            OptionalLong last;
            try {
                last = storage.lastUpdate(e.getKey());
            } catch (RuntimeException unreadable) {
                continue; // storage reports its own failures
            }
            if (last.isPresent() && last.getAsLong() > e.getValue()[0]) {
                countByHost.computeIfAbsent(host, k -> new long[1])[0] += e.getValue()[1];
                Sample s = example.get(e.getKey());
                exampleByHost.putIfAbsent(host, series(s) + " at " + time(s.timestamp()) + ", last updated "
                        + time(last.getAsLong()));
            }
        }
        for (Map.Entry<String, String> e : exampleByHost.entrySet()) {
            long n = countByHost.get(e.getKey())[0];
            log.report("skip", e.getKey(), () -> "Skipped " + n + " sample(s) from '" + e.getKey()
                    + "' older than the last update of their series, e.g. " + e.getValue());
        }
    }

    private static String host(String address) {
        return Excerpt.of(address, HOST_CHARS);
    }

    private static String series(Sample s) {
        return Excerpt.of(s.plugin().escapedIdentifier() + ".metrics." + s.key(), HOST_CHARS);
    }

    private static String time(long epochSecond) {
        return epochSecond + " (" + Instant.ofEpochSecond(epochSecond) + ")";
    }
}
