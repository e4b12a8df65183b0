package io.kurado.rrd.graph;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Transparent ARGB images of the sizes graphs are drawn in, kept for the next graph: a graph's
 * image is about half a megabyte, and clearing one costs less than allocating one (and its
 * garbage). At most {@link #MAX_BYTES} are kept; when an image given back would pass that, the
 * images of the sizes least recently drawn go first, so the sizes a server draws now are kept
 * however many others it drew before (a page of another width, a term's graphs). Thread-safe.
 */
final class ImagePool {
    /** The most memory kept images may take. */
    static final long MAX_BYTES = 16L << 20;

    /** Free images by size, the size least recently taken or given first. */
    private static final LinkedHashMap<Long, ArrayDeque<BufferedImage>> FREE = new LinkedHashMap<>(16, 0.75f, true);
    private static long bytes;

    private ImagePool() {}

    /**
     * @param width the width in pixels
     * @param height the height in pixels
     * @return a fully transparent {@link BufferedImage#TYPE_INT_ARGB} image of that size
     */
    static BufferedImage take(int width, int height) {
        BufferedImage img = null;
        synchronized (FREE) {
            ArrayDeque<BufferedImage> q = FREE.get(key(width, height));
            if (q != null && !q.isEmpty()) {
                img = q.pop();
                bytes -= size(img);
            }
        }
        if (img == null) {
            return new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        }
        Arrays.fill(((DataBufferInt) img.getRaster().getDataBuffer()).getData(), 0);
        return img;
    }

    /** @param img an image taken and no longer drawn on or read */
    static void give(BufferedImage img) {
        long size = size(img);
        if (size > MAX_BYTES) {
            return;
        }
        synchronized (FREE) {
            FREE.computeIfAbsent(key(img.getWidth(), img.getHeight()), k -> new ArrayDeque<>()).push(img);
            bytes += size;
            Iterator<ArrayDeque<BufferedImage>> sizes = FREE.values().iterator();
            while (bytes > MAX_BYTES) {
                ArrayDeque<BufferedImage> oldest = sizes.next();
                while (bytes > MAX_BYTES && !oldest.isEmpty()) {
                    bytes -= size(oldest.removeLast());
                }
                if (oldest.isEmpty()) {
                    sizes.remove();
                }
            }
        }
    }

    /** @return the memory the free images take */
    static long bytesKept() {
        synchronized (FREE) {
            return bytes;
        }
    }

    private static long key(int width, int height) {
        return ((long) width << 32) | height;
    }

    private static long size(BufferedImage img) {
        return 4L * img.getWidth() * img.getHeight();
    }
}
