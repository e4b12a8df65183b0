package io.kurado.core.web;

import io.kurado.core.status.HostStatus;

/**
 * The mark of a host's status, the same on every page (the index's script draws the same glyphs
 * and classes): a green dot for ok, an amber triangle for a warning, a red cross for critical and
 * a grey ring while a host new to the server waits for its first data.
 */
final class StatusMark {
    private StatusMark() {}

    static void write(Html h, HostStatus.Level level) {
        switch (level) {
            case OK -> h.el("span", "●", "class", "st st-ok", "title", "ok", "data-status", "ok");
            case WARNING -> h.el("span", "▲", "class", "st st-warning", "title", "warning", "data-status", "warning");
            case CRITICAL -> h.el("span", "✖", "class", "st st-critical", "title", "critical: no data for 5 minutes", "data-status", "critical");
            case WAITING -> h.el("span", "○", "class", "st st-waiting", "title", "waiting for its first data", "data-status", "waiting");
        }
    }
}
