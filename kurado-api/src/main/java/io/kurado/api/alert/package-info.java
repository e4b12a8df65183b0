/**
 * The alert delivery SPI: alerts as receivers see them (Alertmanager's model of labels,
 * annotations, status and times), notifications about a group of them, and the notifiers that
 * deliver notifications. Notifiers are found through {@link java.util.ServiceLoader} as
 * {@link io.kurado.api.alert.NotifierProvider}s, so an application that embeds Kurado can receive
 * alerts as Java calls.
 */
package io.kurado.api.alert;
