package io.rationalspark.jobs.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
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
import java.util.Locale;

/**
 * A line chart rendered to PNG with Java2D (headless), for the study reports: several named series of (x, y)
 * points, axis ticks, a legend, optional log-scale axes. Small on purpose: what the reports need, no more.
 */
public final class LinePlot {

    /** One line of the chart; dashed lines suit reference curves (e.g. an initial fit). */
    public record Series(String name, double[] x, double[] y, boolean dashed) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length
                        + " y values");
            }
        }
    }

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
        new Color(0x393b79), new Color(0xad494a), new Color(0x637939), new Color(0x8c6d31), new Color(0x843c39),
        new Color(0x7b4173)};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logX;
    private boolean logY;
    private int width = 960;
    private int height = 600;

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LinePlot add(Series s) {
        series.add(s);
        return this;
    }

    public LinePlot add(String name, double[] x, double[] y) {
        return add(new Series(name, x, y, false));
    }

    public LinePlot logX(boolean on) {
        this.logX = on;
        return this;
    }

    public LinePlot logY(boolean on) {
        this.logY = on;
        return this;
    }

    public LinePlot size(int w, int h) {
        this.width = w;
        this.height = h;
        return this;
    }

    private double tx(double v) {
        return logX ? Math.log10(v) : v;
    }

    private double ty(double v) {
        return logY ? Math.log10(v) : v;
    }

    private boolean usable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0);
    }

    /** The chart as PNG bytes. */
    public byte[] png() {
        System.setProperty("java.awt.headless", "true");
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (usable(s.x()[i], s.y()[i])) {
                    xMin = Math.min(xMin, tx(s.x()[i]));
                    xMax = Math.max(xMax, tx(s.x()[i]));
                    yMin = Math.min(yMin, ty(s.y()[i]));
                    yMax = Math.max(yMax, ty(s.y()[i]));
                }
            }
        }
        if (!(xMin <= xMax) || !(yMin <= yMax)) {
            throw new IllegalStateException("plot '" + title + "' has no finite points to draw");
        }
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        if (yMax == yMin) {
            yMax = yMin + 1;
        }
        double yPad = 0.05 * (yMax - yMin);
        yMin -= yPad;
        yMax += yPad;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int left = 80;
            int right = width - 220;
            int top = 50;
            int bottom = height - 60;
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.setColor(Color.BLACK);
            g.drawString(title, left, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(new Color(0xdddddd));
            for (int i = 0; i <= 5; i++) {
                int px = left + (right - left) * i / 5;
                int py = bottom - (bottom - top) * i / 5;
                g.drawLine(px, top, px, bottom);
                g.drawLine(left, py, right, py);
            }
            g.setColor(Color.BLACK);
            g.drawRect(left, top, right - left, bottom - top);
            for (int i = 0; i <= 5; i++) {
                double xv = xMin + (xMax - xMin) * i / 5;
                double yv = yMin + (yMax - yMin) * i / 5;
                String xs = tick(logX ? Math.pow(10, xv) : xv);
                String ys = tick(logY ? Math.pow(10, yv) : yv);
                int px = left + (right - left) * i / 5;
                int py = bottom - (bottom - top) * i / 5;
                g.drawString(xs, px - fm.stringWidth(xs) / 2, bottom + 18);
                g.drawString(ys, left - 8 - fm.stringWidth(ys), py + 4);
            }
            g.drawString(xLabel + (logX ? " (log scale)" : ""), (left + right) / 2 - fm.stringWidth(xLabel) / 2,
                    height - 20);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.rotate(-Math.PI / 2);
            String yText = yLabel + (logY ? " (log scale)" : "");
            rotated.drawString(yText, -(top + bottom) / 2 - fm.stringWidth(yText) / 2, 20);
            rotated.dispose();

            for (int k = 0; k < series.size(); k++) {
                Series s = series.get(k);
                g.setColor(PALETTE[k % PALETTE.length]);
                g.setStroke(s.dashed() ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                        new float[] {6f, 4f}, 0f) : new BasicStroke(2f));
                int prevX = Integer.MIN_VALUE;
                int prevY = 0;
                for (int i = 0; i < s.x().length; i++) {
                    if (!usable(s.x()[i], s.y()[i])) {
                        prevX = Integer.MIN_VALUE;
                        continue;
                    }
                    int px = left + (int) Math.round((tx(s.x()[i]) - xMin) / (xMax - xMin) * (right - left));
                    int py = bottom - (int) Math.round((ty(s.y()[i]) - yMin) / (yMax - yMin) * (bottom - top));
                    if (prevX != Integer.MIN_VALUE) {
                        g.drawLine(prevX, prevY, px, py);
                    }
                    if (s.x().length <= 30) {
                        g.fillOval(px - 3, py - 3, 6, 6);
                    }
                    prevX = px;
                    prevY = py;
                }
                int ly = top + 10 + 18 * k;
                g.drawLine(right + 15, ly, right + 40, ly);
                g.setColor(Color.BLACK);
                g.drawString(s.name(), right + 46, ly + 4);
            }
        } finally {
            g.dispose();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode plot '" + title + "' as PNG", e);
        }
    }

    private static String tick(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 1 ? "%.2f" : "%.3f", v);
    }
}
