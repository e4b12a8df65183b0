package io.kurado.core.web;

import io.kurado.api.graph.GraphData;
import java.util.OptionalLong;

/** A graph whose definition is resolved: cheap to ask for its last update, dearer to draw. */
public interface PreparedGraph {
    /** @return the newest last-update epoch second of the files it reads, empty when none exists */
    OptionalLong lastUpdate();

    /**
     * @return the PNG image
     * @throws RuntimeException when it cannot be drawn (a missing file, a bad definition)
     */
    byte[] png();

    /**
     * @return the values it plots, for the JSON and CSV export
     * @throws RuntimeException when the data cannot be read
     */
    GraphData data();
}
