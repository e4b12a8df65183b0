package io.kurado.examples.embed;

import io.kurado.core.engine.EngineContext;
import io.kurado.core.engine.EngineStats;
import io.kurado.core.engine.MinuteTicker;
import io.kurado.core.engine.Role;
import io.kurado.core.engine.RoleComponent;
import io.kurado.core.engine.RoleProvider;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A role of an application's own: once a minute, 30 s past it, it hands the engine's figures to
 * the application. Give it to {@code Kurado.builder().role(new StatsLogRole(...))}, or list it in
 * {@code META-INF/services/io.kurado.core.engine.RoleProvider} and ask for it by name
 * ({@code --roles scheduler,fetch,update,web,stats-log}).
 */
public final class StatsLogRole implements RoleProvider {
    private final Consumer<EngineStats> out;

    /** @param out where each minute's figures go */
    public StatsLogRole(Consumer<EngineStats> out) {
        this.out = out;
    }

    @Override
    public Role role() {
        return Role.of("stats-log");
    }

    @Override
    public int startOrder() {
        return 500; // after the built-in roles
    }

    @Override
    public Set<Need> needs() {
        return Set.of();
    }

    @Override
    public RoleComponent create(EngineContext context) {
        MinuteTicker ticker = new MinuteTicker("kurado-stats-log", context.clock(), Duration.ofSeconds(30),
                minute -> out.accept(context.stats()));
        return new RoleComponent() {
            @Override
            public void start() {
                ticker.start();
            }

            @Override
            public void close() {
                ticker.close();
            }
        };
    }
}
