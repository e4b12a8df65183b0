/** The line format of Kurado: decoding and encoding batches, and plugin output normalisation. */
package io.kurado.api.line;
