/**
 * Graphs: the typed model of a graph definition (what view plugins describe in rrdtool
 * {@code graph} text), the window and canvas of one image, and the rendering SPI that a storage
 * module implements to draw and export graphs from its series.
 */
package io.kurado.api.graph;
