package io.rationalspark.layers.cuda.check;

import io.rationalspark.layers.cuda.ElementType;
import io.rationalspark.layers.cuda.RationalCuda;
import io.rationalspark.layers.cuda.RunLayout;
import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.RationalFunction;
import io.rationalspark.layers.rational.kernel.CoefficientGradients;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Compares the CUDA kernels with the scalar reference {@link RationalFunction} on random inputs, for every denominator
 * form × sharing mode (layer, channel, groups of channels) × layout (NCHW, [batch, size, time], [batch, size] in C
 * and F order, and one large NCHW tensor), in double and float, with degrees from (1, 0) to (10, 10).
 *
 * <p>Errors are measured against a magnitude that bounds rounding: for y, |P|max/Q with |P|max = Σ|ak||x|^k; for
 * dL/dx, |g|(|P'|max/Q + |P|max |Q'|max/Q²); for each coefficient sum, Σ over its elements of |g ∂R/∂c|. Tolerances
 * (error / magnitude): double 1e-12 everywhere; float 1e-5 for y and dL/dx, 1e-4 for the coefficient sums (float
 * per-thread partial sums). A case passes when every ratio error / (tolerance · magnitude) is at most 1.
 */
public final class KernelCorrectness {

    /** Tolerance for double results, relative to the magnitude. */
    public static final double DOUBLE_TOLERANCE = 1e-12;
    /** Tolerance for float outputs and dL/dx, relative to the magnitude. */
    public static final double FLOAT_TOLERANCE = 1e-5;
    /** Tolerance for float coefficient-gradient sums, relative to the sum of magnitudes. */
    public static final double FLOAT_SUM_TOLERANCE = 1e-4;

    /** One case's outcome: the worst error / (tolerance · magnitude) of y, dL/dx and the coefficient sums. */
    public record CaseResult(String description, ElementType type, double yRatio, double dxRatio, double sumRatio) {
        public boolean passed() {
            return yRatio <= 1 && dxRatio <= 1 && sumRatio <= 1;
        }
    }

    /** A tensor shape and order the cases run on. */
    record Shape(String name, long[] dims, char order) {
        long length() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }

        long channels() {
            return dims[1];
        }

        /** The kernels' layout, as the ND4J adapter derives it from ChannelLayout (C: outer = batch; F: inner = batch). */
        RunLayout layout(int sets) {
            long rest = 1;
            for (int d = 2; d < dims.length; d++) {
                rest *= dims[d];
            }
            return order == 'c' ? RunLayout.of(dims[0], channels(), rest, sets)
                    : new RunLayout(rest, channels() / sets * dims[0], sets);
        }
    }

    static final Shape[] SHAPES = {
        new Shape("NCHW [4,6,7,9]", new long[] {4, 6, 7, 9}, 'c'),
        new Shape("[batch,size,time] [5,4,50]", new long[] {5, 4, 50}, 'c'),
        new Shape("[batch,size] c [33,10]", new long[] {33, 10}, 'c'),
        new Shape("[batch,size] f [33,10]", new long[] {33, 10}, 'f'),
        new Shape("NCHW [8,16,64,64]", new long[] {8, 16, 64, 64}, 'c'),
    };

    static final int[][] DEGREES = {{5, 4}, {3, 2}, {10, 10}, {1, 0}, {4, 4}};

    private KernelCorrectness() {
    }

    /** Runs every case; never throws for a mismatch (see {@link CaseResult#passed()}). */
    public static List<CaseResult> runAll(RationalCuda cuda, long seed) {
        List<CaseResult> results = new ArrayList<>();
        Random random = new Random(seed);
        int caseIndex = 0;
        for (DenominatorForm form : DenominatorForm.values()) {
            for (Shape shape : SHAPES) {
                for (String sharing : new String[] {"layer", "channel", "groups:2"}) {
                    int sets = sharing.equals("layer") ? 1 : sharing.equals("channel") ? (int) shape.channels() : 2;
                    int[] degrees = DEGREES[caseIndex++ % DEGREES.length];
                    RationalCoefficients c = randomCoefficients(random, form, sets, degrees[0], degrees[1]);
                    String description = form + " (" + degrees[0] + "," + degrees[1] + ") " + sharing + " "
                            + shape.name();
                    for (ElementType type : ElementType.values()) {
                        results.add(runCase(cuda, description, type, c, shape.layout(sets), random.nextLong()));
                    }
                }
            }
        }
        return results;
    }

    static RationalCoefficients randomCoefficients(Random random, DenominatorForm form, int sets, int m, int n) {
        double[] a = new double[sets * (m + 1)];
        double[] b = new double[sets * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = 2 * random.nextDouble() - 1;
        }
        // x in [-1.5, 1.5]; the plain form keeps |Σ bj x^j| <= 0.5, far from a pole
        for (int i = 0; i < b.length; i++) {
            int j = i % n + 1;
            double scale = form == DenominatorForm.PLAIN ? 0.05 / Math.pow(1.5, j) : 1.0;
            b[i] = (2 * random.nextDouble() - 1) * scale;
        }
        return new RationalCoefficients(form, sets, m, n, a, b);
    }

    /** Runs one case in {@code type} and measures it against the double reference on the same (rounded) inputs. */
    static CaseResult runCase(RationalCuda cuda, String description, ElementType type, RationalCoefficients exact,
                              RunLayout layout, long seed) {
        Random random = new Random(seed);
        int length = Math.toIntExact(layout.length());
        RationalCoefficients c = type == ElementType.FLOAT ? roundedToFloat(exact) : exact;
        double[] x = new double[length];
        double[] g = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = 3 * random.nextDouble() - 1.5;
            g[i] = 2 * random.nextDouble() - 1;
            if (type == ElementType.FLOAT) {
                x[i] = (float) x[i];
                g[i] = (float) g[i];
            }
        }
        double[] y = new double[length];
        double[] dx = new double[length];
        CoefficientGradients sums;
        if (type == ElementType.FLOAT) {
            float[] xf = toFloat(x);
            float[] gf = toFloat(g);
            float[] yf = new float[length];
            float[] dxf = new float[length];
            cuda.forward(c, layout, xf, yf);
            sums = cuda.backward(c, layout, xf, gf, dxf);
            for (int i = 0; i < length; i++) {
                y[i] = yf[i];
                dx[i] = dxf[i];
            }
        } else {
            cuda.forward(c, layout, x, y);
            sums = cuda.backward(c, layout, x, g, dx);
        }
        double tolerance = type == ElementType.FLOAT ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE;
        double sumTolerance = type == ElementType.FLOAT ? FLOAT_SUM_TOLERANCE : DOUBLE_TOLERANCE;
        int m1 = c.numeratorDegree() + 1;
        int n = c.denominatorDegree();
        double[] wantA = new double[c.sets() * m1];
        double[] wantB = new double[c.sets() * n];
        double[] magnitudeA = new double[wantA.length];
        double[] magnitudeB = new double[wantB.length];
        double[] da = new double[m1];
        double[] db = new double[n];
        double yRatio = 0;
        double dxRatio = 0;
        RationalFunction[] functions = new RationalFunction[c.sets()];
        for (int s = 0; s < c.sets(); s++) {
            functions[s] = c.function(s);
        }
        for (int i = 0; i < length; i++) {
            int s = layout.setOf(i);
            RationalFunction f = functions[s];
            double xi = x[i];
            double q = f.denominatorValue(xi);
            double[] bounds = magnitudes(f, xi);
            yRatio = Math.max(yRatio, ratio(y[i], f.value(xi), tolerance * bounds[0] / q));
            double dxMagnitude = Math.abs(g[i]) * (bounds[1] / q + bounds[0] * bounds[2] / (q * q));
            dxRatio = Math.max(dxRatio, ratio(dx[i], g[i] * f.derivative(xi), tolerance * dxMagnitude));
            f.coefficientGradient(xi, da, db);
            for (int k = 0; k < m1; k++) {
                wantA[s * m1 + k] += g[i] * da[k];
                magnitudeA[s * m1 + k] += Math.abs(g[i] * da[k]);
            }
            for (int j = 0; j < n; j++) {
                wantB[s * n + j] += g[i] * db[j];
                magnitudeB[s * n + j] += Math.abs(g[i] * db[j]);
            }
        }
        double sumRatio = 0;
        for (int k = 0; k < wantA.length; k++) {
            sumRatio = Math.max(sumRatio, ratio(sums.numerator()[k], wantA[k], sumTolerance * magnitudeA[k]));
        }
        for (int j = 0; j < wantB.length; j++) {
            sumRatio = Math.max(sumRatio, ratio(sums.denominator()[j], wantB[j], sumTolerance * magnitudeB[j]));
        }
        return new CaseResult(description, type, yRatio, dxRatio, sumRatio);
    }

    /** |P|max = Σ|ak||x|^k, |P'|max = Σ k|ak||x|^(k-1), |Q'|max = Σ j|bj||x|^(j-1). */
    private static double[] magnitudes(RationalFunction f, double x) {
        double z = Math.abs(x);
        double[] a = f.numerator();
        double[] b = f.denominator();
        double p = 0;
        double dp = 0;
        double power = 1;
        for (int k = 0; k < a.length; k++) {
            p += Math.abs(a[k]) * power;
            if (k + 1 < a.length) {
                dp += (k + 1) * Math.abs(a[k + 1]) * power;
            }
            power *= z;
        }
        double dq = 0;
        power = 1;
        for (int j = 1; j <= b.length; j++) {
            dq += j * Math.abs(b[j - 1]) * power;
            power *= z;
        }
        return new double[] {p, dp, dq};
    }

    /** |got − want| / allowed; infinite for a non-finite result. */
    private static double ratio(double got, double want, double allowed) {
        if (!Double.isFinite(got)) {
            return Double.POSITIVE_INFINITY;
        }
        double error = Math.abs(got - want);
        return error == 0 ? 0 : error / Math.max(allowed, Double.MIN_NORMAL);
    }

    private static RationalCoefficients roundedToFloat(RationalCoefficients c) {
        double[] a = c.numerator().clone();
        double[] b = c.denominator().clone();
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) a[i];
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) b[i];
        }
        return new RationalCoefficients(c.form(), c.sets(), c.numeratorDegree(), c.denominatorDegree(), a, b);
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
