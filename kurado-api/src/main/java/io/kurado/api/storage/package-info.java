/** The time-series store SPI. */
package io.kurado.api.storage;
