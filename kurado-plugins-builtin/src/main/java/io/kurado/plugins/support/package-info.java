/**
 * What the built-in service plugins share: deadline-bounded network clients, reading numbers and
 * configuration, meta badges and the graph-text builder. Not a public API of Kurado.
 */
package io.kurado.plugins.support;
