/**
 * Drawing resolved graph definitions ({@link io.kurado.api.graph.GraphDefinition}) with rrd4j's
 * graph engine, in memory, with the original Kurado's look, from the series any
 * {@link io.kurado.api.storage.Storage} reads back: {@link io.kurado.rrd.graph.RrdGraphRenderer}.
 */
package io.kurado.rrd.graph;
