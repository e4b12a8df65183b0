package io.kurado.rrd.graph;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int COLOUR_INDEXED = 3;
    private static final int COLOUR_RGB = 2;
    private static final int MAX_PALETTE = 256;
    /** Slots of the colour table: a power of two well above {@link #MAX_PALETTE}. */
    private static final int TABLE = 1024;

    /** Compressors kept for the next image: creating one allocates zlib's windows. */
    private static final ArrayBlockingQueue<Deflater> DEFLATERS = new ArrayBlockingQueue<>(8);

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
        int[] keys = new int[TABLE];
        int[] slots = new int[TABLE];
        int[] palette = new int[MAX_PALETTE];
        int colours = 0;
        byte[] raw = new byte[(width + 1) * height];
        boolean any = false;
        int lastSrc = 0;
        int lastUnder = 0;
        int lastIndex = 0;
        for (int y = 0; y < height && colours <= MAX_PALETTE; y++) {
            boolean rowInCanvas = y >= cy && y < cy + ch;
            int row = y * width;
            int o = y * (width + 1) + 1; // filter byte 0: none
            for (int x = 0; x < width; x++) {
                int src = layer[row + x];
                int under = rowInCanvas && x >= cx && x < cx + cw ? canvas : back;
                if (!any || src != lastSrc || under != lastUnder) {
                    int p = over(src, under) | 0xFF000000;
                    int h = mix(p) & (TABLE - 1);
                    while (keys[h] != 0 && keys[h] != p) {
                        h = (h + 1) & (TABLE - 1);
                    }
                    if (keys[h] == 0) {
                        if (colours == MAX_PALETTE) {
                            colours++;
                            break;
                        }
                        palette[colours] = p;
                        keys[h] = p;
                        slots[h] = colours++;
                    }
                    any = true;
                    lastSrc = src;
                    lastUnder = under;
                    lastIndex = slots[h];
                }
                raw[o + x] = (byte) lastIndex;
            }
        }
        int colourType;
        int depth = 8;
        if (colours <= MAX_PALETTE) {
            colourType = COLOUR_INDEXED;
            if (colours <= 16) {
                depth = 4;
                raw = halve(raw, width, height);
            }
        } else {
            colourType = COLOUR_RGB;
            raw = truecolour(layer, width, height, back, canvas, cx, cy, cw, ch);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 1024);
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = (byte) depth;
        ihdr[9] = (byte) colourType;
        chunk(out, "IHDR", ihdr, ihdr.length);
        if (colourType == COLOUR_INDEXED) {
            byte[] plte = new byte[colours * 3];
            for (int i = 0; i < colours; i++) {
                plte[3 * i] = (byte) (palette[i] >> 16);
                plte[3 * i + 1] = (byte) (palette[i] >> 8);
                plte[3 * i + 2] = (byte) palette[i];
            }
            chunk(out, "PLTE", plte, plte.length);
        }
        byte[] z = deflate(raw);
        chunk(out, "IDAT", z, z.length);
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
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

    /** @return rows of one byte a pixel packed to two pixels a byte, filter bytes kept */
    private static byte[] halve(byte[] raw, int width, int height) {
        int stride = (width + 1) / 2;
        byte[] out = new byte[(stride + 1) * height];
        for (int y = 0; y < height; y++) {
            int from = y * (width + 1) + 1;
            int to = y * (stride + 1) + 1;
            for (int x = 0; x + 1 < width; x += 2) {
                out[to + (x >> 1)] = (byte) ((raw[from + x] << 4) | raw[from + x + 1]);
            }
            if ((width & 1) == 1) {
                out[to + stride - 1] = (byte) (raw[from + width - 1] << 4);
            }
        }
        return out;
    }

    private static byte[] truecolour(int[] layer, int width, int height, int back, int canvas, int cx, int cy, int cw, int ch) {
        int stride = width * 3;
        byte[] raw = new byte[(stride + 1) * height];
        for (int y = 0; y < height; y++) {
            boolean rowInCanvas = y >= cy && y < cy + ch;
            int o = y * (stride + 1) + 1;
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int p = over(layer[row + x], rowInCanvas && x >= cx && x < cx + cw ? canvas : back);
                raw[o++] = (byte) (p >> 16);
                raw[o++] = (byte) (p >> 8);
                raw[o++] = (byte) p;
            }
        }
        return raw;
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = DEFLATERS.poll();
        if (d == null) {
            d = new Deflater(Deflater.BEST_SPEED);
        }
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 8 + 64);
            byte[] buf = new byte[16 * 1024];
            while (!d.finished()) {
                int n = d.deflate(buf);
                z.write(buf, 0, n);
            }
            return z.toByteArray();
        } finally {
            d.reset();
            if (!DEFLATERS.offer(d)) {
                d.end();
            }
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, head, 4, 4);
        out.write(head, 0, 8);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, length);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.write(c, 0, 4);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
