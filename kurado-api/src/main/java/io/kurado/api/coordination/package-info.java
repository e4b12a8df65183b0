/**
 * The coordination SPI: named leases with an owner and an expiry, shared by every process that uses
 * the same backend, so that several Kurado servers (and jobs such as the scheduler) agree on who
 * does what without a queue doubling as a lock service.
 */
package io.kurado.api.coordination;
