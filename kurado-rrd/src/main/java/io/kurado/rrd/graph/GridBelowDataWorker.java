package io.kurado.rrd.graph;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;
import org.rrd4j.graph.ImageWorker;

/**
 * Draws an rrd4j graph with its grid below the data, as rrdtool shows it. rrd4j paints the data
 * first and the grid over it, so an opaque grid line hides a one-pixel line lying on it. This
 * worker paints on a transparent layer: the graph is asked to paint its background and canvas in
 * marker colours, which this worker leaves unpainted (remembering where the canvas is); grid lines
 * and their ticks (recognised by their strokes, the instances the graph was given) are painted
 * <em>behind</em> what is already there, dotted as rrdtool draws them; everything else is painted
 * as usual. The image is then laid over the real background and canvas colours. Data drawn with a
 * translucent colour shows the grid through it. This relies on rrd4j (3.10) filling the background
 * and then the canvas before anything else, which the renderer's pixel tests check.
 *
 * <p>One worker draws one graph; not thread-safe.
 */
final class GridBelowDataWorker extends ImageWorker {
    private final Color back;
    private final Color canvas;
    private final Paint backMarker;
    private final Paint canvasMarker;
    private final Stroke gridStroke;
    private final Stroke tickStroke;
    private BufferedImage img;
    private int[] pixels;
    private Graphics2D g;
    private AffineTransform initial;
    private Optional<Rectangle> canvasArea = Optional.empty();
    private boolean backgroundSkipped;

    /**
     * @param back the real background colour
     * @param canvas the real canvas colour
     * @param backMarker the paint the graph definition was given as background colour (a
     *     transparent instance used for nothing else)
     * @param canvasMarker the paint it was given as canvas colour (another such instance)
     * @param gridStroke the stroke the graph definition was given for grid lines (an instance used
     *     for nothing else)
     * @param tickStroke the stroke it was given for the grid's ticks (another such instance)
     */
    GridBelowDataWorker(Color back, Color canvas, Paint backMarker, Paint canvasMarker, Stroke gridStroke,
            Stroke tickStroke) {
        this.back = Objects.requireNonNull(back, "back");
        this.canvas = Objects.requireNonNull(canvas, "canvas");
        this.backMarker = Objects.requireNonNull(backMarker, "backMarker");
        this.canvasMarker = Objects.requireNonNull(canvasMarker, "canvasMarker");
        this.gridStroke = Objects.requireNonNull(gridStroke, "gridStroke");
        this.tickStroke = Objects.requireNonNull(tickStroke, "tickStroke");
        resize(1, 1);
    }

    @Override
    protected void resize(int width, int height) {
        BufferedImage next = ImagePool.take(width, height);
        Graphics2D ng = next.createGraphics();
        setG2d(ng); // disposes of the previous image, if any
        img = next;
        pixels = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        g = ng;
        initial = g.getTransform();
        setAntiAliasing(false);
        setTextAntiAliasing(false);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    /** Gives the image back for the next graph: the graph is drawn and written, or resized. */
    @Override
    protected void dispose() {
        super.dispose();
        if (img != null) {
            ImagePool.give(img);
            img = null;
            pixels = null;
        }
    }

    @Override
    protected void reset(Graphics2D g2d) {
        g2d.setTransform(initial);
        g2d.setClip(0, 0, img.getWidth(), img.getHeight());
    }

    @Override
    protected void fillRect(int x, int y, int width, int height, Paint paint) {
        // the first fills are the background and the canvas, painted last; legend boxes use both colours too
        if (paint == backMarker && !backgroundSkipped) {
            backgroundSkipped = true;
        } else if (paint == canvasMarker && canvasArea.isEmpty()) {
            canvasArea = Optional.of(new Rectangle(x, y, width, height));
        } else {
            super.fillRect(x, y, width, height, paint == backMarker ? back : paint == canvasMarker ? canvas : paint);
        }
    }

    @Override
    protected void drawLine(int x1, int y1, int x2, int y2, Paint paint, Stroke stroke) {
        if (stroke != gridStroke && stroke != tickStroke) {
            super.drawLine(x1, y1, x2, y2, paint, stroke);
            return;
        }
        if (paint instanceof Color c && (x1 == x2 || y1 == y2) && g.getTransform().isIdentity()) {
            // grid lines are straight: painted behind pixel by pixel, far cheaper than a dashed stroke
            behind(x1, y1, x2, y2, c, stroke == gridStroke ? 2 : 1);
            return;
        }
        Composite before = g.getComposite();
        g.setComposite(AlphaComposite.DstOver);
        try {
            super.drawLine(x1, y1, x2, y2, paint, stroke);
        } finally {
            g.setComposite(before);
        }
    }

    /**
     * Paints a horizontal or vertical line behind what is already there, every {@code every}-th
     * pixel from its start (2: rrdtool's dotted grid).
     */
    private void behind(int x1, int y1, int x2, int y2, Color c, int every) {
        Rectangle clip = g.getClipBounds();
        Rectangle bounds = clip == null ? new Rectangle(0, 0, img.getWidth(), img.getHeight())
                : clip.intersection(new Rectangle(0, 0, img.getWidth(), img.getHeight()));
        int dx = Integer.signum(x2 - x1);
        int dy = Integer.signum(y2 - y1);
        int n = Math.max(Math.abs(x2 - x1), Math.abs(y2 - y1)) + 1;
        int src = c.getRGB();
        int srcAlpha = src >>> 24;
        for (int i = 0; i < n; i += every) {
            int x = x1 + i * dx;
            int y = y1 + i * dy;
            if (bounds.contains(x, y)) {
                int at = y * img.getWidth() + x;
                pixels[at] = under(pixels[at], src, srcAlpha);
            }
        }
    }

    /** @return {@code src} composited below {@code dst} (non-premultiplied ARGB) */
    static int under(int dst, int src, int srcAlpha) {
        int da = dst >>> 24;
        if (da == 255 || srcAlpha == 0) {
            return dst;
        }
        if (da == 0) {
            return src;
        }
        double a = da / 255.0;
        double sa = srcAlpha / 255.0 * (1 - a);
        double outA = a + sa;
        int r = (int) Math.round((((dst >> 16) & 0xFF) * a + ((src >> 16) & 0xFF) * sa) / outA);
        int gr = (int) Math.round((((dst >> 8) & 0xFF) * a + ((src >> 8) & 0xFF) * sa) / outA);
        int b = (int) Math.round(((dst & 0xFF) * a + (src & 0xFF) * sa) / outA);
        return ((int) Math.round(outA * 255) << 24) | (r << 16) | (gr << 8) | b;
    }

    @Override
    protected void makeImage(OutputStream os) throws IOException {
        os.write(png());
    }

    /** @return the drawing laid over the background and canvas colours, as PNG ({@link PngEncoder}) */
    byte[] png() {
        Rectangle c = canvasArea.orElse(new Rectangle());
        return PngEncoder.encode(pixels, img.getWidth(), img.getHeight(), back.getRGB(), canvas.getRGB(), c.x, c.y, c.width, c.height);
    }
}
