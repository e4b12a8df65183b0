/**
 * The rrdtool {@code graph} text that view plugins print, with the original Kurado's template
 * tags, parsed by {@link io.kurado.core.graph.GraphDefinitionParser} into the typed model of
 * {@link io.kurado.api.graph}. Drawing the model belongs to a storage module's renderer.
 */
package io.kurado.core.graph;
