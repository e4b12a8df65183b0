package io.kurado.core.web;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG in place of a graph that cannot be drawn now: a title and a few lines of text, wrapped to
 * the width, so that a page of graphs still shows which ones are missing and why.
 */
final class NoticeImage {
    private NoticeImage() {}

    /**
     * @param width the image's width in pixels
     * @param height its height
     * @param title the first line, in bold
     * @param lines what to say below it
     * @return the PNG
     */
    static byte[] png(int width, int height, String title, List<String> lines) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0xF5, 0xF5, 0xF5));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(0xC0, 0x39, 0x2B));
            g.drawRect(0, 0, width - 1, height - 1);
            Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
            Font bold = plain.deriveFont(Font.BOLD, 12f);
            int y = 22;
            g.setFont(bold);
            for (String l : wrap(title, g.getFontMetrics(), width - 20)) {
                g.drawString(l, 10, y);
                y += g.getFontMetrics().getHeight();
            }
            g.setColor(new Color(0x33, 0x33, 0x33));
            g.setFont(plain);
            y += 4;
            for (String line : lines) {
                for (String l : wrap(line, g.getFontMetrics(), width - 20)) {
                    if (y > height - 6) {
                        break;
                    }
                    g.drawString(l, 10, y);
                    y += g.getFontMetrics().getHeight();
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static List<String> wrap(String text, FontMetrics fm, int max) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String next = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(next) > max && line.length() > 0) {
                out.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(next);
            }
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        return out;
    }
}
