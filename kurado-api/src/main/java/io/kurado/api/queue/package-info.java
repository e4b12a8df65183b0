/** The message queue SPI between agents, scheduler, fetchers and updaters. */
package io.kurado.api.queue;
