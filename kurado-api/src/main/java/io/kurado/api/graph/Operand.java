package io.kurado.api.graph;

import java.util.Objects;

/** What a {@code LINE}, {@code AREA} or {@code HRULE} draws: a variable or a constant. */
public sealed interface Operand {
    /**
     * A variable defined by a {@code DEF}, {@code CDEF} or {@code VDEF}.
     *
     * @param name its name
     */
    record Var(String name) implements Operand {
        /** Validates the name. */
        public Var {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A number, e.g. the {@code 100} of {@code LINE:100}.
     *
     * @param value the number
     */
    record Constant(double value) implements Operand {
        @Override
        public String toString() {
            return Double.toString(value);
        }
    }
}
