package io.rationalspark.layers.cuda;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.kernel.CoefficientGradients;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Coefficients are packed per set as a0..am, b1..bn; gradients unpack the same way; form codes match rational.cu. */
class CoefficientPackingTest {

    private static final RationalCoefficients TWO_SETS = new RationalCoefficients(DenominatorForm.SAFE_ABS_TERMS, 2, 2,
            1, new double[] {1, 2, 3, 4, 5, 6}, new double[] {-7, 8});

    @Test
    void packsSetMajorNumeratorThenDenominator() {
        assertEquals(4, CoefficientPacking.stride(TWO_SETS));
        assertArrayEquals(new double[] {1, 2, 3, -7, 4, 5, 6, 8}, CoefficientPacking.packDouble(TWO_SETS));
        assertArrayEquals(new float[] {1, 2, 3, -7, 4, 5, 6, 8}, CoefficientPacking.packFloat(TWO_SETS));
    }

    @Test
    void floatPackingRounds() {
        RationalCoefficients c = new RationalCoefficients(DenominatorForm.PLAIN, 1, 1, 0, new double[] {0.1, 1e-50},
                new double[0]);
        assertArrayEquals(new float[] {0.1f, 0f}, CoefficientPacking.packFloat(c));
    }

    @Test
    void unpacksGradientsTheSameWay() {
        CoefficientGradients g = CoefficientPacking.unpackGradients(new double[] {1, 2, 3, -7, 4, 5, 6, 8}, 2, 2, 1);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, g.numerator());
        assertArrayEquals(new double[] {-7, 8}, g.denominator());
        assertThrows(IllegalArgumentException.class, () -> CoefficientPacking.unpackGradients(new double[7], 2, 2, 1));
    }

    @Test
    void supportsDegreesUpToTen() {
        RationalCoefficients c = new RationalCoefficients(DenominatorForm.PLAIN, 1, 10, 10, new double[11],
                new double[10]);
        assertEquals(21, CoefficientPacking.packDouble(c).length);
        RationalCoefficients tooHigh = new RationalCoefficients(DenominatorForm.PLAIN, 1, 11, 0, new double[12],
                new double[0]);
        assertThrows(IllegalArgumentException.class, () -> CoefficientPacking.packDouble(tooHigh));
    }

    @Test
    void formCodesMatchTheCudaSource() throws IOException {
        String source = Files.readString(Path.of("src/main/cuda/rational.cu"));
        assertEquals(CoefficientPacking.formCode(DenominatorForm.PLAIN), define(source, "RS_PLAIN"));
        assertEquals(CoefficientPacking.formCode(DenominatorForm.SAFE_ABS_POLYNOMIAL),
                define(source, "RS_SAFE_ABS_POLYNOMIAL"));
        assertEquals(CoefficientPacking.formCode(DenominatorForm.SAFE_ABS_TERMS), define(source, "RS_SAFE_ABS_TERMS"));
        assertEquals(CoefficientPacking.MAX_DEGREE, define(source, "RS_MAX_DEGREE"));
        assertEquals(io.rationalspark.layers.rational.RationalSpec.MAX_DEGREE, CoefficientPacking.MAX_DEGREE);
        assertEquals(LaunchGeometry.THREADS <= 32 * define(source, "RS_MAX_WARPS"), true,
                "block size exceeds the backward's warp scratch");
    }

    private static int define(String source, String name) {
        Matcher m = Pattern.compile("#define " + name + " (\\d+)").matcher(source);
        assertTrue(m.find(), "rational.cu lacks #define " + name);
        return Integer.parseInt(m.group(1));
    }
}
