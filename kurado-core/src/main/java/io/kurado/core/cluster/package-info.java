/**
 * Several servers: where each host's files are written, and how the other nodes reach them. A
 * single server needs none of it: {@link io.kurado.core.cluster.HostPlacement#LOCAL} holds every
 * host here.
 */
package io.kurado.core.cluster;
