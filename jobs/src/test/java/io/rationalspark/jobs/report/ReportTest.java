package io.rationalspark.jobs.report;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    @Test
    void plotRendersEverySeriesInItsColour() throws IOException {
        double[] x = {1, 2, 3, 4};
        byte[] png = new LinePlot("accuracy", "epoch", "test accuracy").size(640, 400)
                .add("rational", x, new double[] {0.5, 0.7, 0.8, 0.85})
                .add(new LinePlot.Series("relu", x, new double[] {0.4, 0.6, 0.75, 0.8}, true)).png();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        int blue = 0;
        int red = 0;
        for (int i = 0; i < image.getWidth(); i++) {
            for (int j = 0; j < image.getHeight(); j++) {
                int rgb = image.getRGB(i, j) & 0xffffff;
                blue += rgb == 0x1f77b4 ? 1 : 0;
                red += rgb == 0xd62728 ? 1 : 0;
            }
        }
        assertTrue(blue > 50 && red > 50, "both series drawn: blue " + blue + ", red " + red);
    }

    @Test
    void logAxesSkipNonPositiveValuesAndEmptyPlotsFail() {
        byte[] png = new LinePlot("error", "parameters", "max error").logX(true).logY(true)
                .add("rational", new double[] {10, 100, 1000}, new double[] {1e-1, 0, 1e-4}).png();
        assertTrue(png.length > 1000);
        LinePlot empty = new LinePlot("nothing", "x", "y").add("nan", new double[] {1}, new double[] {Double.NaN});
        assertThrows(IllegalStateException.class, empty::png);
    }

    @Test
    void tablesAsMarkdownAndCsv() {
        Table t = new Table("activation", "accuracy").row("rational", "0.91 ± 0.01").row("a,b", "x\"y");
        assertEquals("| activation | accuracy |\n|---|---:|\n| rational | 0.91 ± 0.01 |\n| a,b | x\"y |\n", t.markdown());
        assertEquals("activation,accuracy\nrational,0.91 ± 0.01\n\"a,b\",\"x\"\"y\"\n", t.csv());
        assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
    }

    @Test
    void markdownEscapesBarsInCellsAndHeadersButCsvKeepsThem() {
        Table t = new Table("target", "|error|").row("|x|", "0.5");
        assertEquals("| target | \\|error\\| |\n|---|---:|\n| \\|x\\| | 0.5 |\n", t.markdown());
        assertEquals("target,|error|\n|x|,0.5\n", t.csv());
    }
}
