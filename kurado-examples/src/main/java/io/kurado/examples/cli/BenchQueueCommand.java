package io.kurado.examples.cli;

import io.kurado.api.ProviderConfig;
import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.QueueProvider;
import io.kurado.api.queue.Topic;
import io.kurado.core.config.Settings;
import io.kurado.core.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kurado bench queue}: pushes agent-sized batches through the Redis queue while consumers
 * take and acknowledge them, and reports batches and samples per second.
 */
@Command(
        name = "queue",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Measure the queue: batches pushed, taken in bulk and acknowledged as the update role does.",
            "Producers push N batches of 45 lines (one agent minute each) while consumers take them in bulk and "
                + "acknowledge them. Uses a topic of its own, removed afterwards."
        })
public final class BenchQueueCommand implements Callable<Integer> {
    @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379/15",
            description = "Redis to measure (default ${DEFAULT-VALUE}); 'memory' for the in-memory queue.")
    String redis;

    @Option(names = "--batches", defaultValue = "20000", description = "Batches to push (default ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--producers", defaultValue = "2", description = "Producer threads (default ${DEFAULT-VALUE}).")
    int producers;

    @Option(names = "--consumers", defaultValue = "2", description = "Consumer threads (default ${DEFAULT-VALUE}).")
    int consumers;

    @Option(names = "--poll", defaultValue = "100", description = "Most batches one poll takes (default ${DEFAULT-VALUE}).")
    int poll;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (batches < 1 || producers < 1 || consumers < 1 || poll < 1) {
            spec.commandLine().getErr().println("--batches, --producers, --consumers and --poll must be positive");
            return 2;
        }
        boolean memory = redis.equals("memory");
        PluginRegistry registry = PluginRegistry.discover(BenchQueueCommand.class.getClassLoader());
        String id = memory ? "memory" : "redis";
        QueueProvider provider = registry.queueProvider(id).orElseThrow(() -> new IllegalStateException("no " + id + " queue installed"));
        Map<String, String> settings = memory ? Map.of("memory.queue_capacity", Integer.toString(batches + 1))
                : Map.of("redis", redis);
        Topic topic = new Topic("kurado-bench-queue-" + UUID.randomUUID().toString().substring(0, 8));
        out.printf("bench queue: %,d batches x %d lines through %s, %d producer(s), %d consumer(s), up to %d per poll%n",
                batches, BenchIngestCommand.METRICS_PER_HOST, memory ? "the in-memory queue" : Settings.redact(redis),
                producers, consumers, poll);
        out.flush();
        List<String> payloads = new ArrayList<>(1000);
        for (int h = 0; h < 1000; h++) {
            payloads.add(BenchIngestCommand.batch(h, 1_700_000_040L, 1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(producers + consumers);
        try (Queue queue = provider.create(new ProviderConfig(settings, Path.of("."), InstantSource.system()))) {
            AtomicLong pushed = new AtomicLong();
            AtomicLong taken = new AtomicLong();
            long start = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int share = batches / producers + (p < batches % producers ? 1 : 0);
                int offset = p;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        queue.push(topic, List.of(payloads.get((offset + i * producers) % payloads.size())));
                        pushed.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (int c = 0; c < consumers; c++) {
                String name = "bench-" + c;
                fs.add(pool.submit(() -> {
                    try (QueueConsumer consumer = queue.consumer(topic, name)) {
                        while (taken.get() < batches) {
                            List<Delivery> ds = consumer.poll(poll, Duration.ofMillis(100));
                            consumer.ack(ds);
                            taken.addAndGet(ds.size());
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < producers; i++) {
                fs.get(i).get(30, TimeUnit.MINUTES);
            }
            double pushSeconds = (System.nanoTime() - start) / 1e9;
            out.printf("pushed %,d batches in %.2f s (%,.0f batches/s)%n", pushed.get(), pushSeconds, pushed.get() / pushSeconds);
            for (int i = producers; i < fs.size(); i++) {
                fs.get(i).get(30, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double perSecond = taken.get() / seconds;
            out.printf("consumed and acknowledged %,d batches in %.2f s%n", taken.get(), seconds);
            out.printf("RESULT queue batches_per_s=%.0f samples_per_s=%.0f%n", perSecond,
                    perSecond * BenchIngestCommand.METRICS_PER_HOST);
            out.flush();
            queue.depth(topic);
        } finally {
            pool.shutdownNow();
        }
        return 0;
    }
}
