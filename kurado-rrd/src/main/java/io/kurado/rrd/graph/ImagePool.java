package io.kurado.rrd.graph;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Transparent ARGB images of the sizes graphs are drawn in, kept for the next graph: a graph's
 * image is about half a megabyte, and clearing one costs less than allocating one (and its
 * garbage). At most {@link #MAX_BYTES} are kept. Thread-safe.
 */
final class ImagePool {
    /** The most memory kept images may take. */
    static final long MAX_BYTES = 16L << 20;

    private static final Map<Long, ArrayDeque<BufferedImage>> FREE = new HashMap<>();
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
        synchronized (FREE) {
            if (bytes + size(img) > MAX_BYTES) {
                return;
            }
            FREE.computeIfAbsent(key(img.getWidth(), img.getHeight()), k -> new ArrayDeque<>()).push(img);
            bytes += size(img);
        }
    }

    private static long key(int width, int height) {
        return ((long) width << 32) | height;
    }

    private static long size(BufferedImage img) {
        return 4L * img.getWidth() * img.getHeight();
    }
}
