/** The meta store SPI: meta values, warnings and last-received times. */
package io.kurado.api.meta;
