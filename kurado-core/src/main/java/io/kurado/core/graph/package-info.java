/**
 * Graph definitions: the rrdtool {@code graph} text that view plugins print, with the original
 * Kurado's template tags, parsed into a typed model ({@link io.kurado.core.graph.GraphDefinition})
 * by {@link io.kurado.core.graph.GraphDefinitionParser}. Drawing the model belongs to a storage.
 */
package io.kurado.core.graph;
