package io.rationalspark.layers.cuda;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.kernel.CoefficientGradients;

/**
 * The coefficient arrays the kernels read and write: per set the m + 1 numerator values a0..am followed by the n
 * denominator values b1..bn (stride m + 1 + n), in the kernel's element type; the coefficient gradients in the same
 * packing, in double. Also the kernels' code for the denominator form.
 */
public final class CoefficientPacking {

    /**
     * Largest degree of P and of Q the kernels support (rational.cu's RS_MAX_DEGREE; equals RationalSpec.MAX_DEGREE,
     * restated here so the device check needs no class that touches ND4J).
     */
    public static final int MAX_DEGREE = 10;

    private CoefficientPacking() {
    }

    /** Values per set: (m + 1) + n. */
    public static int stride(RationalCoefficients c) {
        return c.numeratorDegree() + 1 + c.denominatorDegree();
    }

    /** Packed coefficients as doubles. */
    public static double[] packDouble(RationalCoefficients c) {
        requireSupportedDegrees(c);
        int m1 = c.numeratorDegree() + 1;
        int n = c.denominatorDegree();
        int stride = m1 + n;
        double[] packed = new double[c.sets() * stride];
        for (int s = 0; s < c.sets(); s++) {
            System.arraycopy(c.numerator(), s * m1, packed, s * stride, m1);
            System.arraycopy(c.denominator(), s * n, packed, s * stride + m1, n);
        }
        return packed;
    }

    /** Packed coefficients rounded to float, for the float kernels. */
    public static float[] packFloat(RationalCoefficients c) {
        double[] packed = packDouble(c);
        float[] out = new float[packed.length];
        for (int i = 0; i < packed.length; i++) {
            out[i] = (float) packed[i];
        }
        return out;
    }

    /** Splits packed gradients (sets × stride doubles) into dL/da and dL/db, set-major. */
    public static CoefficientGradients unpackGradients(double[] packed, int sets, int numeratorDegree,
                                                       int denominatorDegree) {
        int m1 = numeratorDegree + 1;
        int n = denominatorDegree;
        int stride = m1 + n;
        if (packed.length != sets * stride) {
            throw new IllegalArgumentException("packed coefficient gradients: expected " + sets * stride
                    + " values (" + sets + " sets of " + stride + "), got " + packed.length);
        }
        CoefficientGradients g = new CoefficientGradients(sets * m1, sets * n);
        for (int s = 0; s < sets; s++) {
            System.arraycopy(packed, s * stride, g.numerator(), s * m1, m1);
            System.arraycopy(packed, s * stride + m1, g.denominator(), s * n, n);
        }
        return g;
    }

    /** The kernels' code for a denominator form (rational.cu's RS_PLAIN, RS_SAFE_ABS_POLYNOMIAL, RS_SAFE_ABS_TERMS). */
    public static int formCode(DenominatorForm form) {
        switch (form) {
            case PLAIN: return 0;
            case SAFE_ABS_POLYNOMIAL: return 1;
            case SAFE_ABS_TERMS: return 2;
            default: throw new IllegalArgumentException("no kernel code for denominator form " + form);
        }
    }

    private static void requireSupportedDegrees(RationalCoefficients c) {
        if (c.numeratorDegree() < 1 || c.numeratorDegree() > MAX_DEGREE
                || c.denominatorDegree() < 0 || c.denominatorDegree() > MAX_DEGREE) {
            throw new IllegalArgumentException("the CUDA kernels support degrees m in [1, " + MAX_DEGREE
                    + "] and n in [0, " + MAX_DEGREE + "], got (" + c.numeratorDegree() + ", "
                    + c.denominatorDegree() + ")");
        }
    }
}
