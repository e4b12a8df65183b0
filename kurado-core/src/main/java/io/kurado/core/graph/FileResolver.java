package io.kurado.core.graph;

import io.kurado.api.MetricKey;
import java.nio.file.Path;

/** Finds the file of a series named by a template tag: the storage's layout. */
@FunctionalInterface
public interface FileResolver {
    /**
     * @param address the host address
     * @param escapedPlugin the escaped plugin identifier (the directory name)
     * @param key the metric key
     * @return the file holding that series
     */
    Path resolve(String address, String escapedPlugin, MetricKey key);
}
