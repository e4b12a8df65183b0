package io.kurado.core.web;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Recently drawn PNGs by validator, bounded by their total size; least recently used go first. */
final class PngCache {
    private final long maxBytes;
    private final LinkedHashMap<String, byte[]> map = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    PngCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Optional<byte[]> get(String key) {
        return Optional.ofNullable(map.get(key));
    }

    synchronized void put(String key, byte[] png) {
        if (png.length > maxBytes) {
            return;
        }
        byte[] old = map.put(key, png);
        bytes += png.length - (old == null ? 0 : old.length);
        Iterator<Map.Entry<String, byte[]>> it = map.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            bytes -= it.next().getValue().length;
            it.remove();
        }
    }

    synchronized int size() {
        return map.size();
    }
}
