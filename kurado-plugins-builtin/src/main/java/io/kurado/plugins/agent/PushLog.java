package io.kurado.plugins.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the agent's pusher says what happens to its pushes: a few lines per outage, none per
 * push. Tests give one that records the lines.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PushLog {
    /**
     * @param warning whether the line reports a problem
     * @param line the line
     */
    void say(boolean warning, String line);

    /** @return a log that writes to SLF4J under the logger of {@link Pusher} */
    static PushLog slf4j() {
        Logger log = LoggerFactory.getLogger(Pusher.class);
        return (warning, line) -> {
            if (warning) {
                log.warn(line);
            } else {
                log.info(line);
            }
        };
    }
}
