package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.RationalSpec;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.nio.Buffer;
import java.nio.FloatBuffer;

/**
 * The fused kernel's math for FLOAT arrays with explicit SIMD (the JDK's Vector API, {@code jdk.incubator.vector}):
 * float arithmetic, {@link FloatVector#SPECIES_PREFERRED} lanes at a time (8 with AVX2, 16 with AVX-512).
 *
 * <p>Each vector of elements goes through the whole computation in registers, one pass over the tile: Horner's scheme
 * for P, P', T, T' together, then y = P/Q, u = g/Q, dL/dx = u (P' − y Q'), then the running powers u·x^k and
 * v·base^j (v = −u·y·sign(S), base = x or |x|) added into one lane accumulator per coefficient. The accumulators are
 * float over one tile (at most {@value FusedCpuRationalKernel#TILE} / lanes additions per lane) and are added into the
 * double gradient sums at the end of each tile, so the rounding of a sum does not grow with the array. The formulas
 * and the signs are those of {@link RationalTile} (sign(±0) = +1); results differ from it by float rounding only.
 *
 * <p>A tile shorter than a multiple of the lane count is padded with x = 0, g = 0: those lanes give Q(0) ≥ 1 and
 * u = 0, so they add nothing to the sums and are not written back. Only loaded when the JVM has the module
 * ({@code --add-modules jdk.incubator.vector}); see {@link SimdSupport}.
 */
final class VectorFloatTile implements FusedTile {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int MAX_SUMS = 2 * RationalSpec.MAX_DEGREE + 1;

    private final float[] x;
    private final float[] g;
    private final float[] out;
    /** Lane accumulators of the coefficient gradients: sum k in lanes [k·LANES, (k + 1)·LANES). */
    private final float[] lanes = new float[MAX_SUMS * LANES];
    private final float[] numerator = new float[RationalSpec.MAX_DEGREE + 1];
    private final float[] denominator = new float[RationalSpec.MAX_DEGREE + 1];

    VectorFloatTile(int capacity) {
        if (capacity % LANES != 0) {
            throw new IllegalArgumentException("tile capacity " + capacity + " is not a multiple of " + LANES + " lanes");
        }
        x = new float[capacity];
        g = new float[capacity];
        out = new float[capacity];
    }

    /** Lanes of the vector species this JVM uses (8 with AVX2, 16 with AVX-512). */
    static int lanes() {
        return LANES;
    }

    @Override
    public void load(boolean upstream, Buffer buffer, int index, int pos, int len) {
        ((FloatBuffer) buffer).get(index, upstream ? g : x, pos, len);
    }

    @Override
    public void store(Buffer buffer, int index, int pos, int len) {
        ((FloatBuffer) buffer).put(index, out, pos, len);
    }

    @Override
    public void forward(RationalCoefficients c, int set, int len) {
        int m = c.numeratorDegree();
        int n = c.denominatorDegree();
        prepare(c, set);
        VectorMask<Float> absTerms = SPECIES.maskAll(c.form() == DenominatorForm.SAFE_ABS_TERMS);
        VectorMask<Float> absPolynomial = SPECIES.maskAll(c.form() == DenominatorForm.SAFE_ABS_POLYNOMIAL);
        int padded = pad(x, len);
        for (int i = 0; i < padded; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, i);
            FloatVector p = FloatVector.broadcast(SPECIES, numerator[m]);
            for (int k = m - 1; k >= 0; k--) {
                p = p.fma(xv, FloatVector.broadcast(SPECIES, numerator[k]));
            }
            FloatVector base = xv.blend(xv.abs(), absTerms);
            FloatVector t = FloatVector.broadcast(SPECIES, denominator[n]);
            for (int j = n - 1; j >= 0; j--) {
                t = t.fma(base, FloatVector.broadcast(SPECIES, denominator[j]));
            }
            FloatVector q = t.blend(t.abs().add(1f), absPolynomial);
            p.div(q).intoArray(out, i);
        }
    }

    /*
     * The loop bodies are the same for the three forms: the form enters through all-true or all-false masks
     * (a blend each), because a vector assigned in branches of the loop can make the JIT box it.
     */
    @Override
    public void backward(RationalCoefficients c, int set, int len, double[] sums) {
        int m = c.numeratorDegree();
        int n = c.denominatorDegree();
        int m1 = m + 1;
        prepare(c, set);
        VectorMask<Float> absTerms = SPECIES.maskAll(c.form() == DenominatorForm.SAFE_ABS_TERMS);
        VectorMask<Float> absPolynomial = SPECIES.maskAll(c.form() == DenominatorForm.SAFE_ABS_POLYNOMIAL);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int padded = pad(x, len);
        pad(g, len);
        java.util.Arrays.fill(lanes, 0, (m1 + n) * LANES, 0f);
        for (int i = 0; i < padded; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, i);
            FloatVector gv = FloatVector.fromArray(SPECIES, g, i);
            // P and P' by Horner's scheme together: dp ← dp·x + p, then p ← p·x + a_k
            FloatVector p = FloatVector.broadcast(SPECIES, numerator[m]);
            FloatVector dp = FloatVector.zero(SPECIES);
            for (int k = m - 1; k >= 0; k--) {
                dp = dp.fma(xv, p);
                p = p.fma(xv, FloatVector.broadcast(SPECIES, numerator[k]));
            }
            FloatVector base = xv.blend(xv.abs(), absTerms);
            FloatVector t = FloatVector.broadcast(SPECIES, denominator[n]);
            FloatVector dt = FloatVector.zero(SPECIES);
            for (int j = n - 1; j >= 0; j--) {
                dt = dt.fma(base, t);
                t = t.fma(base, FloatVector.broadcast(SPECIES, denominator[j]));
            }
            // sign(S) = −1 only where S < 0, d|x|/dx = sign(x): sign(±0) = +1 in both
            VectorMask<Float> negativeS = t.lt(0f).and(absPolynomial);
            VectorMask<Float> flip = negativeS.or(xv.lt(0f).and(absTerms));
            FloatVector q = t.blend(t.abs().add(1f), absPolynomial);
            FloatVector dq = dt.blend(dt.neg(), flip);
            FloatVector r = one.div(q);
            FloatVector y = p.mul(r);
            FloatVector u = gv.mul(r);
            u.mul(dp.sub(y.mul(dq))).intoArray(out, i);
            // dL/da_k += Σ u x^k
            FloatVector term = u;
            for (int k = 0; k < m1; k++) {
                int at = k * LANES;
                FloatVector.fromArray(SPECIES, lanes, at).add(term).intoArray(lanes, at);
                term = term.mul(xv);
            }
            // dL/db_j += Σ v base^j with v = −u·y·sign(S) (the abs-terms sign(b_j) is applied after the sum)
            FloatVector v = u.mul(y);
            term = v.blend(v.neg(), negativeS.not()).mul(base);
            for (int j = 0; j < n; j++) {
                int at = (m1 + j) * LANES;
                FloatVector.fromArray(SPECIES, lanes, at).add(term).intoArray(lanes, at);
                term = term.mul(base);
            }
        }
        for (int k = 0; k < m1 + n; k++) {
            sums[k] += laneSum(k);
        }
    }

    private double laneSum(int sum) {
        double s = 0;
        for (int l = sum * LANES; l < (sum + 1) * LANES; l++) {
            s += lanes[l];
        }
        return s;
    }

    /**
     * The set's coefficients as floats, lowest degree first: a_0..a_m, and T's c_0..c_n with c_0 = 1 (0 for the
     * abs-polynomial form, Q = 1 + |T|) and c_j = b_j, or |b_j| for the abs-terms form.
     */
    private void prepare(RationalCoefficients c, int set) {
        int m = c.numeratorDegree();
        int n = c.denominatorDegree();
        double[] a = c.numerator();
        for (int k = 0; k <= m; k++) {
            numerator[k] = (float) a[set * (m + 1) + k];
        }
        double[] b = c.denominator();
        denominator[0] = c.form() == DenominatorForm.SAFE_ABS_POLYNOMIAL ? 0f : 1f;
        for (int j = 1; j <= n; j++) {
            double bj = b[set * n + j - 1];
            denominator[j] = (float) (c.form() == DenominatorForm.SAFE_ABS_TERMS ? Math.abs(bj) : bj);
        }
    }

    /** Zeroes {@code values[len, padded)} and returns padded, the next multiple of the lane count. */
    private static int pad(float[] values, int len) {
        int padded = (len + LANES - 1) / LANES * LANES;
        for (int i = len; i < padded; i++) {
            values[i] = 0f;
        }
        return padded;
    }
}
