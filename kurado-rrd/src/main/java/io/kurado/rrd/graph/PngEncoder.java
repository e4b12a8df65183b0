package io.kurado.rrd.graph;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a graph as PNG in one pass over its pixels. The graph is drawn on a transparent layer
 * (non-premultiplied ARGB) that is laid over a background colour and, inside the canvas rectangle,
 * the canvas colour, with the arithmetic Java2D uses to draw such an image on an opaque one. A
 * graph has few colours, so the image is written as indexed colour (a palette of up to 256 colours,
 * 4 bits a pixel when there are at most 16), rows unfiltered and compressed at the fastest level:
 * several times cheaper and smaller than an RGB image through ImageIO, and the same pixels once
 * decoded. An image of more colours is written as 8-bit RGB. Thread-safe.
 *
 * <p>A graph is mostly runs of one colour (the background, the canvas, areas, the gaps between
 * dots of the grid): each row is read run by run, a run's colour is looked up once, and its
 * indices are filled at once, two pixels a byte from the start. Only an image that turns out to
 * have more than 16 colours is read again, at 8 bits a pixel.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int COLOUR_INDEXED = 3;
    private static final int COLOUR_RGB = 2;
    private static final int MAX_PALETTE = 256;
    /** Slots of the colour table: a power of two well above {@link #MAX_PALETTE}. */
    private static final int TABLE = 1024;
    /** Pixels of a run compared one by one; a longer run's rest is compared many at a time. */
    private static final int SHORT_RUN = 8;
    /** Rows of a kept buffer at most: a larger image's rows are allocated for it alone. */
    private static final int MAX_KEPT_ROWS = 1 << 20;

    /** Compressors kept for the next image: creating one allocates zlib's windows. */
    private static final ArrayBlockingQueue<Deflater> DEFLATERS = new ArrayBlockingQueue<>(8);

    /** Each thread's colour table and rows, reused from image to image. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private PngEncoder() {}

    /**
     * @param layer the drawing, {@code width × height} non-premultiplied ARGB pixels row by row
     * @param width the image width
     * @param height the image height
     * @param back the opaque RGB colour below the layer outside the canvas
     * @param canvas the opaque RGB colour below the layer inside the canvas
     * @param cx the canvas rectangle's left
     * @param cy its top
     * @param cw its width (0 when there is no canvas)
     * @param ch its height
     * @return the PNG file
     */
    static byte[] encode(int[] layer, int width, int height, int back, int canvas, int cx, int cy, int cw, int ch) {
        Scratch s = SCRATCH.get();
        s.clear();
        // the canvas, clipped to the image
        int left = clamp(cx, width);
        int right = cw <= 0 ? left : clamp(cx + cw, width);
        int top = clamp(cy, height);
        int bottom = ch <= 0 ? top : clamp(cy + ch, height);
        if (width > 0 && height > 0) {
            // the first colour is the first pixel's, and the last colour looked up is always one known
            s.index(layer[0], top == 0 && bottom > 0 && left == 0 && right > 0 ? canvas : back, MAX_PALETTE);
        }
        int depth = 4;
        byte[] raw = s.rows(((width + 1) / 2 + 1) * height);
        if (!indexed(s, layer, width, height, back, canvas, left, right, top, bottom, raw, 4)) {
            depth = 8;
            raw = s.rows((width + 1) * height);
            if (!indexed(s, layer, width, height, back, canvas, left, right, top, bottom, raw, 8)) {
                byte[] rgb = truecolour(layer, width, height, back, canvas, left, right, top, bottom);
                return png(rgb, rgb.length, width, height, 8, COLOUR_RGB, null, 0);
            }
        }
        int stride = depth == 4 ? (width + 1) / 2 : width;
        return png(raw, (stride + 1) * height, width, height, depth, COLOUR_INDEXED, s.palette, s.colours);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    /**
     * Writes the image's rows as palette indices of {@code depth} bits, filling the palette.
     *
     * @return false when the image has more colours than that depth can index
     */
    private static boolean indexed(Scratch s, int[] layer, int width, int height, int back, int canvas, int left, int right,
            int top, int bottom, byte[] raw, int depth) {
        int limit = depth == 4 ? 16 : MAX_PALETTE;
        int stride = depth == 4 ? (width + 1) / 2 : width;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int o = y * (stride + 1);
            raw[o++] = 0; // filter: none
            boolean inCanvas = y >= top && y < bottom && left < right;
            int ok = inCanvas
                    ? runs(s, layer, row, 0, left, back, raw, o, depth, limit)
                            & runs(s, layer, row, left, right, canvas, raw, o, depth, limit)
                            & runs(s, layer, row, right, width, back, raw, o, depth, limit)
                    : runs(s, layer, row, 0, width, back, raw, o, depth, limit);
            if (ok == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the indices of pixels {@code [from, to)} of a row, all over the colour {@code under},
     * run by run.
     *
     * @return 1, or 0 when a colour beyond {@code limit} was met
     */
    private static int runs(Scratch s, int[] layer, int row, int from, int to, int under, byte[] raw, int o, int depth,
            int limit) {
        int x = from;
        while (x < to) {
            int src = layer[row + x];
            int end = x + 1;
            while (end < to && end < x + SHORT_RUN && layer[row + end] == src) {
                end++;
            }
            if (end == x + SHORT_RUN && end < to) {
                // a long run: the rest compared many pixels at a time, each with the one before it
                int differ = Arrays.mismatch(layer, row + end, row + to, layer, row + end - 1, row + to - 1);
                end = differ < 0 ? to : end + differ;
            }
            int index = src == s.lastSrc && under == s.lastUnder ? s.lastIndex : s.index(src, under, limit);
            if (index < 0) {
                return 0;
            }
            if (depth == 8) {
                if (end - x == 1) {
                    raw[o + x] = (byte) index;
                } else {
                    Arrays.fill(raw, o + x, o + end, (byte) index);
                }
            } else if (end - x == 1) {
                int at = o + (x >> 1);
                raw[at] = (x & 1) == 0 ? (byte) (index << 4) : (byte) (raw[at] | index);
            } else {
                fillHalves(raw, o, x, end, index);
            }
            x = end;
        }
        return 1;
    }

    /**
     * Fills pixels {@code [from, to)} of a row of 4-bit indices starting at {@code o}. A byte's
     * high half is written first, with a zero low half; its low half is or-ed in after (so the
     * unused half of an odd row's last byte stays zero).
     */
    private static void fillHalves(byte[] raw, int o, int from, int to, int index) {
        int x = from;
        if ((x & 1) == 1) {
            raw[o + (x >> 1)] |= (byte) index;
            x++;
        }
        int pairsEnd = to & ~1;
        if (x < pairsEnd) {
            byte both = (byte) (index << 4 | index);
            if (pairsEnd - x == 2) {
                raw[o + (x >> 1)] = both;
            } else {
                Arrays.fill(raw, o + (x >> 1), o + (pairsEnd >> 1), both);
            }
            x = pairsEnd;
        }
        if (x < to) {
            raw[o + (x >> 1)] = (byte) (index << 4);
        }
    }

    /** A thread's palette under construction and its rows. */
    private static final class Scratch {
        final int[] keys = new int[TABLE];
        final int[] slots = new int[TABLE];
        final int[] palette = new int[MAX_PALETTE];
        int colours;
        byte[] rows = new byte[0];
        int lastSrc;
        int lastUnder;
        int lastIndex;

        void clear() {
            Arrays.fill(keys, 0);
            colours = 0;
        }

        byte[] rows(int length) {
            if (rows.length >= length) {
                return rows;
            }
            byte[] r = new byte[length];
            if (length <= MAX_KEPT_ROWS) {
                rows = r;
            }
            return r;
        }

        /**
         * @return the palette index of {@code src} over {@code under}, -1 when it would be past
         *     {@code limit}; remembered as the last colour
         */
        int index(int src, int under, int limit) {
            int p = over(src, under) | 0xFF000000;
            int h = mix(p) & (TABLE - 1);
            while (keys[h] != 0 && keys[h] != p) {
                h = (h + 1) & (TABLE - 1);
            }
            if (keys[h] == 0) {
                if (colours >= limit) {
                    return -1;
                }
                palette[colours] = p;
                keys[h] = p;
                slots[h] = colours++;
            }
            lastSrc = src;
            lastUnder = under;
            lastIndex = slots[h];
            return lastIndex;
        }
    }

    /**
     * A pixel of the layer over an opaque colour, as Java2D's software loops draw a
     * non-premultiplied ARGB image on an RGB one ({@code mul8} products of 8-bit values).
     */
    static int over(int p, int under) {
        int a = p >>> 24;
        if (a == 255) {
            return p & 0xFFFFFF;
        }
        if (a == 0) {
            return under & 0xFFFFFF;
        }
        int f = 255 - a;
        int r = mul8(a, (p >> 16) & 0xFF) + mul8(f, (under >> 16) & 0xFF);
        int g = mul8(a, (p >> 8) & 0xFF) + mul8(f, (under >> 8) & 0xFF);
        int b = mul8(a, p & 0xFF) + mul8(f, under & 0xFF);
        return (r << 16) | (g << 8) | b;
    }

    /** Java2D's {@code mul8table}: {@code a·b/255} rounded, computed as its table is. */
    static int mul8(int a, int b) {
        return (int) (((long) a * 0x10101 * b + (1 << 23)) >>> 24);
    }

    private static int mix(int p) {
        int h = p * 0x9E3779B1;
        return h ^ (h >>> 15);
    }

    private static byte[] truecolour(int[] layer, int width, int height, int back, int canvas, int left, int right, int top,
            int bottom) {
        int stride = width * 3;
        byte[] raw = new byte[(stride + 1) * height];
        for (int y = 0; y < height; y++) {
            boolean rowInCanvas = y >= top && y < bottom;
            int o = y * (stride + 1) + 1;
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int p = over(layer[row + x], rowInCanvas && x >= left && x < right ? canvas : back);
                raw[o++] = (byte) (p >> 16);
                raw[o++] = (byte) (p >> 8);
                raw[o++] = (byte) p;
            }
        }
        return raw;
    }

    /** @return the PNG file: signature, IHDR, PLTE when indexed, one IDAT of the deflated rows, IEND */
    private static byte[] png(byte[] raw, int rawLength, int width, int height, int depth, int colourType, int[] palette,
            int colours) {
        int plte = colourType == COLOUR_INDEXED ? 12 + 3 * colours : 0;
        int head = SIGNATURE.length + 25 + plte + 8; // up to the IDAT's data
        byte[] out = new byte[head + rawLength / 8 + 256];
        System.arraycopy(SIGNATURE, 0, out, 0, SIGNATURE.length);
        int at = SIGNATURE.length;
        CRC32 crc = new CRC32();
        at = chunkStart(out, at, 13, "IHDR");
        putInt(out, at, width);
        putInt(out, at + 4, height);
        out[at + 8] = (byte) depth;
        out[at + 9] = (byte) colourType;
        at = chunkEnd(out, at + 13, 13, crc); // compression, filter, interlace: 0
        if (plte > 0) {
            at = chunkStart(out, at, 3 * colours, "PLTE");
            for (int i = 0; i < colours; i++) {
                out[at++] = (byte) (palette[i] >> 16);
                out[at++] = (byte) (palette[i] >> 8);
                out[at++] = (byte) palette[i];
            }
            at = chunkEnd(out, at, 3 * colours, crc);
        }
        int idat = at;
        at += 8;
        Deflater d = DEFLATERS.poll();
        if (d == null) {
            d = new Deflater(Deflater.BEST_SPEED);
        }
        try {
            d.setInput(raw, 0, rawLength);
            d.finish();
            while (!d.finished()) {
                if (at == out.length - 12) { // room for the IDAT's CRC and IEND
                    out = Arrays.copyOf(out, out.length * 2);
                }
                at += d.deflate(out, at, out.length - 12 - at);
            }
        } finally {
            d.reset();
            if (!DEFLATERS.offer(d)) {
                d.end();
            }
        }
        int length = at - idat - 8;
        chunkStart(out, idat, length, "IDAT");
        at = chunkEnd(out, at, length, crc);
        at = chunkStart(out, at, 0, "IEND");
        at = chunkEnd(out, at, 0, crc);
        return out.length == at ? out : Arrays.copyOf(out, at);
    }

    /** Writes a chunk's length and type at {@code at}; @return where its data starts */
    private static int chunkStart(byte[] out, int at, int length, String type) {
        putInt(out, at, length);
        for (int i = 0; i < 4; i++) {
            out[at + 4 + i] = (byte) type.charAt(i);
        }
        return at + 8;
    }

    /** Writes the CRC of the chunk whose data ends at {@code end}; @return where the next chunk starts */
    private static int chunkEnd(byte[] out, int end, int length, CRC32 crc) {
        crc.reset();
        crc.update(out, end - length - 4, length + 4);
        putInt(out, end, (int) crc.getValue());
        return end + 4;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
