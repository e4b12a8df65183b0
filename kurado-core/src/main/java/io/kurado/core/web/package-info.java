/**
 * The web UI: the index, host and comparison pages, PNG graphs, JSON and CSV exports, search and
 * a status summary.
 *
 * <p>Every page is a plain function from a {@link io.kurado.core.web.WebRequest} to a
 * {@link io.kurado.core.web.WebResponse}; {@link io.kurado.core.web.KuradoWeb} wires them, and
 * serves them with its own non-blocking HTTP server ({@link io.kurado.core.web.NioWebServer}) or hands
 * its handler to a host application (a JDK {@code HttpServer}, or any other). Every string
 * from agents, fetched services and configuration is escaped by {@link io.kurado.core.web.Html}; only
 * meta values a viewer marks raw are emitted as they are.
 */
package io.kurado.core.web;
