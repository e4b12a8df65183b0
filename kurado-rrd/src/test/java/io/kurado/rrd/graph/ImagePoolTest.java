package io.kurado.rrd.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePoolTest {
    /** Sizes no graph of the other tests has: 4 · 613 · 287 bytes, about 0.7 MB each. */
    private static final int WIDTH = 613;
    private static final int HEIGHT = 287;

    @Test
    void anImageGivenBackIsTakenAgainClearedToTransparent() {
        BufferedImage img = ImagePool.take(WIDTH + 100, HEIGHT);
        img.setRGB(5, 5, 0xFF123456);
        ImagePool.give(img);

        BufferedImage again = ImagePool.take(WIDTH + 100, HEIGHT);

        assertThat(again).isSameAs(img);
        assertThat(Arrays.stream(((DataBufferInt) again.getRaster().getDataBuffer()).getData()).allMatch(p -> p == 0)).isTrue();
    }

    @Test
    void theSizeDrawnNowIsKeptHoweverManyOtherSizesWereDrawnBefore() {
        // twice as many bytes of other sizes as the pool keeps, as a server drawing pages of many widths leaves behind
        List<BufferedImage> others = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            others.add(ImagePool.take(WIDTH + i, HEIGHT + 1));
        }
        others.forEach(ImagePool::give);

        BufferedImage now = ImagePool.take(WIDTH, HEIGHT + 2);
        ImagePool.give(now);

        assertThat(ImagePool.take(WIDTH, HEIGHT + 2)).isSameAs(now);
        assertThat(ImagePool.bytesKept()).isLessThanOrEqualTo(ImagePool.MAX_BYTES);
    }

    @Test
    void theImagesKeptNeverTakeMoreThanTheMost() {
        List<BufferedImage> taken = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            taken.add(ImagePool.take(WIDTH - i, HEIGHT + 3));
        }
        taken.forEach(ImagePool::give);

        assertThat(ImagePool.bytesKept()).isBetween(ImagePool.MAX_BYTES - 4L * WIDTH * HEIGHT, ImagePool.MAX_BYTES);
    }
}
