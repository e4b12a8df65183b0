package io.kurado.rrd.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PngEncoderTest {
    private static final int BACK = 0xFFF3F3F3;
    private static final int CANVAS = 0xFFFFFFFF;

    @ParameterizedTest
    @ValueSource(ints = {3, 16, 17, 200, 256})
    void decodesToThePixelsJava2dLaysOverTheBackgroundAndCanvas(int colours) throws IOException {
        BufferedImage layer = layer(421, 173, colours, new Random(colours));
        byte[] png = PngEncoder.encode(pixels(layer), 421, 173, BACK, CANVAS, 60, 30, 300, 100);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(421);
        assertThat(decoded.getHeight()).isEqualTo(173);
        assertSamePixels(decoded, java2d(layer, 60, 30, 300, 100));
    }

    @Test
    void fewColoursAreWrittenAsAPaletteOfFourBitsAndMoreAsOneOfEight() {
        assertThat(header(PngEncoder.encode(pixels(layer(100, 50, 12, new Random(1))), 100, 50, BACK, CANVAS, 10, 10, 50, 20)))
                .isEqualTo(new int[] {4, 3});
        assertThat(header(PngEncoder.encode(pixels(layer(100, 50, 100, new Random(1))), 100, 50, BACK, CANVAS, 10, 10, 50, 20)))
                .isEqualTo(new int[] {8, 3});
    }

    @Test
    void aSeventeenthColourOnTheLastRowTurnsTheImageToEightBitsWithTheSamePixels() throws IOException {
        BufferedImage layer = layer(97, 40, 16, new Random(3));
        layer.setRGB(96, 39, 0xFF0A0B0C);
        byte[] png = PngEncoder.encode(pixels(layer), 97, 40, BACK, CANVAS, 0, 0, 0, 0);

        assertThat(header(png)).isEqualTo(new int[] {8, 3});
        assertSamePixels(ImageIO.read(new ByteArrayInputStream(png)), java2d(layer, 0, 0, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void runsOfEveryLengthAndParityKeepTheirPixels(int run) throws IOException {
        // rows of runs of the given length, starting at odd and even columns, in odd and even widths
        for (int width : new int[] {31, 32}) {
            BufferedImage layer = new BufferedImage(width, 12, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < width; x++) {
                    int colour = ((x + y) / run) % 5;
                    layer.setRGB(x, y, colour == 0 ? 0 : 0xFF000000 | colour * 0x203040);
                }
            }
            byte[] png = PngEncoder.encode(pixels(layer), width, 12, BACK, CANVAS, 3, 2, 17, 7);

            assertThat(header(png)).isEqualTo(new int[] {4, 3});
            assertSamePixels(ImageIO.read(new ByteArrayInputStream(png)), java2d(layer, 3, 2, 17, 7));
        }
    }

    @Test
    void aCanvasReachingPastTheImageIsClippedToIt() throws IOException {
        BufferedImage layer = layer(50, 30, 6, new Random(5));
        byte[] png = PngEncoder.encode(pixels(layer), 50, 30, BACK, CANVAS, -5, 20, 80, 40);

        assertSamePixels(ImageIO.read(new ByteArrayInputStream(png)), java2d(layer, -5, 20, 80, 40));
    }

    @Test
    void theSameImageIsTheSameFileWhateverWasEncodedBefore() {
        int[] small = pixels(layer(60, 20, 5, new Random(11)));
        byte[] first = PngEncoder.encode(small, 60, 20, BACK, CANVAS, 5, 5, 40, 10);
        PngEncoder.encode(pixels(layer(421, 173, 200, new Random(12))), 421, 173, BACK, CANVAS, 60, 30, 300, 100);
        PngEncoder.encode(pixels(layer(30, 10, 3, new Random(13))), 30, 10, BACK, CANVAS, 0, 0, 30, 10);

        assertThat(PngEncoder.encode(small, 60, 20, BACK, CANVAS, 5, 5, 40, 10)).isEqualTo(first);
    }

    @Test
    void moreThan256ColoursAreWrittenAsRgbWithTheSamePixels() throws IOException {
        BufferedImage layer = new BufferedImage(300, 120, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 300; x++) {
                layer.setRGB(x, y, (x * 7 + y * 13) % 3 == 0 ? 0 : 0xFF000000 | (x << 12) | (y << 2));
            }
        }
        byte[] png = PngEncoder.encode(pixels(layer), 300, 120, BACK, CANVAS, 20, 20, 200, 80);

        assertThat(header(png)).isEqualTo(new int[] {8, 2});
        assertSamePixels(ImageIO.read(new ByteArrayInputStream(png)), java2d(layer, 20, 20, 200, 80));
    }

    @Test
    void translucentPixelsBlendAsJava2dBlendsThem() {
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            int src = r.nextInt();
            int under = 0xFF000000 | r.nextInt(0x1000000);
            BufferedImage dst = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            dst.setRGB(0, 0, under);
            BufferedImage s = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
            s.setRGB(0, 0, src);
            Graphics2D g = dst.createGraphics();
            g.drawImage(s, 0, 0, null);
            g.dispose();
            assertThat(PngEncoder.over(src, under) | 0xFF000000).as("%08x over %08x", src, under).isEqualTo(dst.getRGB(0, 0));
        }
    }

    /** A drawing of transparent pixels, opaque colours and a few translucent ones. */
    private static BufferedImage layer(int width, int height, int colours, Random r) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] palette = new int[colours];
        palette[0] = 0;
        for (int i = 1; i < colours; i++) {
            // a few translucent ones; over two backgrounds each becomes two colours, so keep them few
            palette[i] = (i % 9 == 0 ? 0x80000000 : 0xFF000000) | (i * 0x010305 & 0xFFFFFF);
        }
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 400; i++) {
            g.setColor(new Color(palette[r.nextInt(colours)], true));
            g.fillRect(r.nextInt(width), r.nextInt(height), 1 + r.nextInt(40), 1 + r.nextInt(20));
        }
        g.dispose();
        return img;
    }

    private static int[] pixels(BufferedImage img) {
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }

    /** How the image was laid out before: an RGB image of the background and canvas with the layer drawn on it. */
    private static BufferedImage java2d(BufferedImage layer, int cx, int cy, int cw, int ch) {
        BufferedImage out = new BufferedImage(layer.getWidth(), layer.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D o = out.createGraphics();
        o.setColor(new Color(BACK));
        o.fillRect(0, 0, out.getWidth(), out.getHeight());
        o.setColor(new Color(CANVAS));
        o.fillRect(cx, cy, cw, ch);
        o.drawImage(layer, 0, 0, null);
        o.dispose();
        return out;
    }

    private static void assertSamePixels(BufferedImage actual, BufferedImage expected) {
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertThat(actual.getRGB(x, y) | 0xFF000000).as("pixel %d,%d", x, y).isEqualTo(expected.getRGB(x, y) | 0xFF000000);
            }
        }
    }

    /** @return bit depth and colour type from the IHDR chunk */
    private static int[] header(byte[] png) {
        return new int[] {png[24], png[25]};
    }
}
