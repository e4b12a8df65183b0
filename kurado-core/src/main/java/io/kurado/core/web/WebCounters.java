package io.kurado.core.web;

import java.util.concurrent.atomic.AtomicLong;

/** What the web UI has served since it started, shown on the status page. */
final class WebCounters {
    final AtomicLong pages = new AtomicLong();
    final AtomicLong graphsRendered = new AtomicLong();
    final AtomicLong graphsFromCache = new AtomicLong();
    final AtomicLong graphsNotModified = new AtomicLong();
    final AtomicLong graphsFailed = new AtomicLong();
    final AtomicLong renderNanos = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
}
