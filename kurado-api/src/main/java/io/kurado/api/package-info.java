/** The Kurado SPI: value types shared by every plugin and implementation. */
package io.kurado.api;
