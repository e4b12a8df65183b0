package io.kurado.core.internal.engine;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaWrite;
import io.kurado.api.meta.PluginState;
import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.Topic;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small fakes for the engine's unit tests. */
public final class Fakes {
    private Fakes() {}

    /** A meta store that records writes. */
    static final class RecordingMetaStore implements MetaStore {
        final List<MetaWrite> writes = new CopyOnWriteArrayList<>();
        volatile boolean failing;
        final java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void write(MetaWrite write) {
            attempts.incrementAndGet();
            if (failing) {
                throw new IllegalStateException("meta store down");
            }
            writes.add(write);
        }

        @Override
        public PluginState read(String address, PluginRef plugin) {
            return PluginState.empty();
        }

        @Override
        public boolean hasWarning(String address) {
            return false;
        }

        @Override
        public void close() {}
    }

    /** A queue with lists per topic, locks, and no consumers (the engine's loops are not used). */
    static class ListQueue implements Queue {
        final Map<Topic, List<String>> topics = new HashMap<>();
        private final Set<String> locks = new HashSet<>();

        @Override
        public synchronized void push(Topic topic, List<String> messages) {
            topics.computeIfAbsent(topic, t -> new ArrayList<>()).addAll(messages);
        }

        @Override
        public QueueConsumer consumer(Topic topic, String consumerName) {
            throw new UnsupportedOperationException("not used by these tests");
        }

        @Override
        public synchronized long depth(Topic topic) {
            return topics.getOrDefault(topic, List.of()).size();
        }

        synchronized List<String> drain(Topic topic) {
            List<String> l = new ArrayList<>(topics.getOrDefault(topic, List.of()));
            topics.remove(topic);
            return l;
        }

        @Override
        public void close() {}
    }

    static Delivery update(String payload) {
        return new Delivery(Topic.UPDATE, payload);
    }

    /** A configuration of hosts, each with the given plugins. */
    public static KuradoConfig config(Path dataDir, List<PluginRef> plugins, String... addresses) {
        Settings settings = new Settings(Optional.empty(), dataDir, dataDir, List.of(), 5, 2, 2,
                Settings.parseListen("127.0.0.1:0"), Duration.ofSeconds(30), Map.of());
        Roll roll = new Roll("r.yml", dataDir.resolve("r.yml"), Map.of(), plugins);
        List<HostEntry> hosts = new ArrayList<>();
        for (String a : addresses) {
            hosts.add(new HostEntry(new Host(a, "host-" + a, ""), "svc", "", roll, Map.of("MySQL", Map.of("user", "u"))));
        }
        return new KuradoConfig(dataDir.resolve("kurado.yml"), settings, Map.of(),
                List.of(new Service("svc", List.of(new Section("", hosts)))), Map.of("r.yml", roll));
    }
}
