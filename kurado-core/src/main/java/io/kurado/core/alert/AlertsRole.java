package io.kurado.core.alert;

import io.kurado.api.KuradoException;
import io.kurado.api.queue.Queue;
import io.kurado.core.engine.EngineContext;
import io.kurado.core.engine.MinuteTicker;
import io.kurado.core.engine.Role;
import io.kurado.core.engine.RoleComponent;
import io.kurado.core.engine.RoleProvider;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code alerts} role: evaluates the alerts once a minute, 10 s after it (after the agents'
 * pushes and the scheduler), on a {@link MinuteTicker}, by the one server that takes the minute's
 * lease, and delivers notifications every second in between. Not among {@link Role#DEFAULTS}:
 * {@code kurado server} runs it when the configuration has alert rules or receivers.
 *
 * <p>The rules read series through one {@link io.kurado.api.storage.Storage} only, the one this
 * role hands its {@link AlertRunner}: {@link EngineContext#readStorage()}, which reads each host's
 * series where its files are (here on a single server; on the node that holds them with several
 * servers). {@link Conditions} calls its {@code read}, {@code keys} and {@code problems} and touches
 * no file; the storage problems it sees are this node's.
 */
public final class AlertsRole implements RoleProvider {
    private static final Logger log = LoggerFactory.getLogger(AlertsRole.class);
    /** The role's name. */
    public static final Role ROLE = Role.of("alerts");
    /** How long after each minute the alerts are evaluated. */
    static final Duration OFFSET = Duration.ofSeconds(10);

    @Override
    public Role role() {
        return ROLE;
    }

    @Override
    public int startOrder() {
        return 500;
    }

    @Override
    public Set<Need> needs() {
        return EnumSet.of(Need.STORAGE, Need.META_STORE);
    }

    @Override
    public RoleComponent create(EngineContext ctx) {
        return new RoleComponent() {
            private AlertRunner runner;
            private MinuteTicker ticker;
            private ScheduledExecutorService delivery;

            @Override
            public synchronized void start() {
                Optional<Queue> queue;
                try {
                    queue = Optional.of(ctx.queue());
                } catch (KuradoException e) {
                    queue = Optional.empty();
                }
                runner = new AlertRunner(ctx::config, name -> ctx.registry().viewer(name), ctx.registry()::hasFetcher,
                        ctx.readStorage(), ctx.metaStore(), queue, ctx::coordination, ctx.nodeName(),
                        c -> AlertRunner.notifiers(c, NotifierProviders.installed(), ctx.clock()), ctx.clock(), true);
                AlertRunner r = runner;
                ticker = new MinuteTicker("kurado-alerts", ctx.clock(), OFFSET, r::evaluate).start();
                delivery = Executors.newSingleThreadScheduledExecutor(t -> {
                    Thread th = new Thread(t, "kurado-alerts-delivery");
                    th.setDaemon(true);
                    return th;
                });
                delivery.scheduleWithFixedDelay(r::deliver, 1, 1, TimeUnit.SECONDS);
                log.info("Alerts role started: {} rules, {} receivers", r.conditions().rules().size(),
                        ctx.config().alerts().receivers().size());
            }

            @Override
            public synchronized void close() {
                if (ticker != null) {
                    ticker.close();
                }
                if (delivery != null) {
                    delivery.shutdownNow();
                    try {
                        delivery.awaitTermination(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (runner != null) {
                    runner.close();
                }
            }
        };
    }
}
