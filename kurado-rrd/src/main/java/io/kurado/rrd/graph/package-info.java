/**
 * Drawing graph definitions ({@link io.kurado.core.graph.GraphDefinition}) from RRD files with
 * rrd4j, in memory, with the original Kurado's look: {@link io.kurado.rrd.graph.RrdGraphRenderer}.
 */
package io.kurado.rrd.graph;
