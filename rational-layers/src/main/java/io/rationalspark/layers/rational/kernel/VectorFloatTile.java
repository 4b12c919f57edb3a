package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.RationalSpec;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The fused kernel's math for FLOAT arrays with explicit SIMD (the JDK's Vector API, {@code jdk.incubator.vector}):
 * float arithmetic, {@link FloatVector#SPECIES_PREFERRED} lanes at a time (8 with AVX2, 16 with AVX-512).
 *
 * <p>Each vector of elements goes through the whole computation in registers, one pass over the tile: Horner's scheme
 * for P, P', T, T' together, then y = P/Q, u = g/Q, dL/dx = u (P' − y Q'), then the running powers u·x^k and
 * v·base^j (v = −u·y·sign(S), base = x or |x|) added into one lane accumulator per coefficient. For degrees up to
 * ({@value #SMALL_M}, {@value #SMALL_N}), the paper's default and below, the coefficients and the accumulators are local
 * vectors the JIT keeps in registers; above, the accumulators live in a small array. The accumulators are float over
 * one tile (at most {@value FusedCpuRationalKernel#TILE} / lanes additions per lane) and are added into the double
 * gradient sums at the end of each tile, so the rounding of a sum does not grow with the array. The formulas and the
 * signs are those of {@link RationalTile} (sign(±0) = +1); results differ from it by float rounding only.
 *
 * <p>Vectors are never stored in arrays or fields, or passed to methods: C2 then boxes them (a heap allocation per
 * tile, measured), so some code repeats between the forward and backward paths.
 *
 * <p>A tile shorter than a multiple of the lane count is padded with x = 0, g = 0: those lanes give Q(0) ≥ 1 and
 * u = 0, so they add nothing to the sums and are not written back. Only loaded when the JVM has the module
 * ({@code --add-modules jdk.incubator.vector}); see {@link SimdMode}.
 */
final class VectorFloatTile implements FusedTile {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int MAX_SUMS = 2 * RationalSpec.MAX_DEGREE + 1;
    /** Degrees up to which {@link #backwardSmall} keeps the gradient sums in registers. */
    private static final int SMALL_M = 5;
    private static final int SMALL_N = 4;

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
    public void load(boolean upstream, Pointer array, long index, int pos, int len) {
        ((FloatPointer) array).position(index).get(upstream ? g : x, pos, len);
    }

    @Override
    public void store(Pointer array, long index, int pos, int len) {
        ((FloatPointer) array).position(index).put(out, pos, len);
    }

    @Override
    public void forward(RationalCoefficients c, int set, int len) {
        int m = c.numeratorDegree();
        int n = c.denominatorDegree();
        if (m <= SMALL_M && n <= SMALL_N) {
            forwardSmall(c, set, len);
            return;
        }
        prepare(c, set);
        boolean absTerms = c.form() == DenominatorForm.SAFE_ABS_TERMS;
        boolean absPolynomial = c.form() == DenominatorForm.SAFE_ABS_POLYNOMIAL;
        int padded = pad(x, len);
        for (int i = 0; i < padded; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, i);
            FloatVector p = FloatVector.broadcast(SPECIES, numerator[m]);
            for (int k = m - 1; k >= 0; k--) {
                p = p.fma(xv, FloatVector.broadcast(SPECIES, numerator[k]));
            }
            FloatVector base = absTerms ? xv.abs() : xv;
            FloatVector t = FloatVector.broadcast(SPECIES, denominator[n]);
            for (int j = n - 1; j >= 0; j--) {
                t = t.fma(base, FloatVector.broadcast(SPECIES, denominator[j]));
            }
            FloatVector q = absPolynomial ? t.abs().add(1f) : t;
            p.div(q).intoArray(out, i);
        }
    }

    /** {@link #forward} for degrees up to ({@value #SMALL_M}, {@value #SMALL_N}): the coefficients in registers. */
    private void forwardSmall(RationalCoefficients c, int set, int len) {
        prepareSmall(c, set);
        boolean absTerms = c.form() == DenominatorForm.SAFE_ABS_TERMS;
        boolean absPolynomial = c.form() == DenominatorForm.SAFE_ABS_POLYNOMIAL;
        FloatVector a0 = FloatVector.broadcast(SPECIES, numerator[0]);
        FloatVector a1 = FloatVector.broadcast(SPECIES, numerator[1]);
        FloatVector a2 = FloatVector.broadcast(SPECIES, numerator[2]);
        FloatVector a3 = FloatVector.broadcast(SPECIES, numerator[3]);
        FloatVector a4 = FloatVector.broadcast(SPECIES, numerator[4]);
        FloatVector a5 = FloatVector.broadcast(SPECIES, numerator[5]);
        FloatVector c0 = FloatVector.broadcast(SPECIES, denominator[0]);
        FloatVector c1 = FloatVector.broadcast(SPECIES, denominator[1]);
        FloatVector c2 = FloatVector.broadcast(SPECIES, denominator[2]);
        FloatVector c3 = FloatVector.broadcast(SPECIES, denominator[3]);
        FloatVector c4 = FloatVector.broadcast(SPECIES, denominator[4]);
        int padded = pad(x, len);
        for (int i = 0; i < padded; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, i);
            FloatVector p = a5.fma(xv, a4).fma(xv, a3).fma(xv, a2).fma(xv, a1).fma(xv, a0);
            FloatVector base = absTerms ? xv.abs() : xv;
            FloatVector t = c4.fma(base, c3).fma(base, c2).fma(base, c1).fma(base, c0);
            FloatVector q = absPolynomial ? t.abs().add(1f) : t;
            p.div(q).intoArray(out, i);
        }
    }

    /** {@link #prepare}, with the coefficients above the set's degrees up to ({@value #SMALL_M}, {@value #SMALL_N}) zero. */
    private void prepareSmall(RationalCoefficients c, int set) {
        prepare(c, set);
        for (int k = c.numeratorDegree() + 1; k <= SMALL_M; k++) {
            numerator[k] = 0f;
        }
        for (int j = c.denominatorDegree() + 1; j <= SMALL_N; j++) {
            denominator[j] = 0f;
        }
    }

    /*
     * The loop bodies are the same for the three forms: the form enters through all-true or all-false masks
     * (a blend each), because a vector assigned in branches of the loop can make the JIT box it.
     */
    @Override
    public void backward(RationalCoefficients c, int set, int len, double[] sums) {
        if (c.numeratorDegree() <= SMALL_M && c.denominatorDegree() <= SMALL_N) {
            backwardSmall(c, set, len, sums);
            return;
        }
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

    /**
     * {@link #backward} for degrees up to ({@value #SMALL_M}, {@value #SMALL_N}), the paper's default and smaller: the
     * ten gradient sums stay in registers for the whole tile (lower degrees add zeros into the unused ones).
     */
    private void backwardSmall(RationalCoefficients c, int set, int len, double[] sums) {
        int m = c.numeratorDegree();
        int n = c.denominatorDegree();
        prepareSmall(c, set);
        VectorMask<Float> absTerms = SPECIES.maskAll(c.form() == DenominatorForm.SAFE_ABS_TERMS);
        VectorMask<Float> absPolynomial = SPECIES.maskAll(c.form() == DenominatorForm.SAFE_ABS_POLYNOMIAL);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector a0 = FloatVector.broadcast(SPECIES, numerator[0]);
        FloatVector a1 = FloatVector.broadcast(SPECIES, numerator[1]);
        FloatVector a2 = FloatVector.broadcast(SPECIES, numerator[2]);
        FloatVector a3 = FloatVector.broadcast(SPECIES, numerator[3]);
        FloatVector a4 = FloatVector.broadcast(SPECIES, numerator[4]);
        FloatVector a5 = FloatVector.broadcast(SPECIES, numerator[5]);
        FloatVector c0 = FloatVector.broadcast(SPECIES, denominator[0]);
        FloatVector c1 = FloatVector.broadcast(SPECIES, denominator[1]);
        FloatVector c2 = FloatVector.broadcast(SPECIES, denominator[2]);
        FloatVector c3 = FloatVector.broadcast(SPECIES, denominator[3]);
        FloatVector c4 = FloatVector.broadcast(SPECIES, denominator[4]);
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        FloatVector s4 = s0;
        FloatVector s5 = s0;
        FloatVector r1 = s0;
        FloatVector r2 = s0;
        FloatVector r3 = s0;
        FloatVector r4 = s0;
        int padded = pad(x, len);
        pad(g, len);
        for (int i = 0; i < padded; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, i);
            FloatVector gv = FloatVector.fromArray(SPECIES, g, i);
            FloatVector p = a5.fma(xv, a4).fma(xv, a3).fma(xv, a2).fma(xv, a1).fma(xv, a0);
            FloatVector dp = a5.mul(5f).fma(xv, a4.mul(4f)).fma(xv, a3.mul(3f)).fma(xv, a2.mul(2f)).fma(xv, a1);
            FloatVector base = xv.blend(xv.abs(), absTerms);
            FloatVector t = c4.fma(base, c3).fma(base, c2).fma(base, c1).fma(base, c0);
            FloatVector dt = c4.mul(4f).fma(base, c3.mul(3f)).fma(base, c2.mul(2f)).fma(base, c1);
            VectorMask<Float> negativeS = t.lt(0f).and(absPolynomial);
            VectorMask<Float> flip = negativeS.or(xv.lt(0f).and(absTerms));
            FloatVector q = t.blend(t.abs().add(1f), absPolynomial);
            FloatVector dq = dt.blend(dt.neg(), flip);
            FloatVector r = one.div(q);
            FloatVector y = p.mul(r);
            FloatVector u = gv.mul(r);
            u.mul(dp.sub(y.mul(dq))).intoArray(out, i);
            FloatVector term = u;
            s0 = s0.add(term);
            term = term.mul(xv);
            s1 = s1.add(term);
            term = term.mul(xv);
            s2 = s2.add(term);
            term = term.mul(xv);
            s3 = s3.add(term);
            term = term.mul(xv);
            s4 = s4.add(term);
            s5 = s5.add(term.mul(xv));
            FloatVector v = u.mul(y);
            term = v.blend(v.neg(), negativeS.not()).mul(base);
            r1 = r1.add(term);
            term = term.mul(base);
            r2 = r2.add(term);
            term = term.mul(base);
            r3 = r3.add(term);
            r4 = r4.add(term.mul(base));
        }
        // the sums of the degrees in use, reduced here: an array of vectors, or a vector passed to a method the JIT
        // does not inline, would make it box them (an allocation per tile)
        sums[0] += s0.reduceLanes(VectorOperators.ADD);
        if (m >= 1) {
            sums[1] += s1.reduceLanes(VectorOperators.ADD);
        }
        if (m >= 2) {
            sums[2] += s2.reduceLanes(VectorOperators.ADD);
        }
        if (m >= 3) {
            sums[3] += s3.reduceLanes(VectorOperators.ADD);
        }
        if (m >= 4) {
            sums[4] += s4.reduceLanes(VectorOperators.ADD);
        }
        if (m >= 5) {
            sums[5] += s5.reduceLanes(VectorOperators.ADD);
        }
        if (n >= 1) {
            sums[m + 1] += r1.reduceLanes(VectorOperators.ADD);
        }
        if (n >= 2) {
            sums[m + 2] += r2.reduceLanes(VectorOperators.ADD);
        }
        if (n >= 3) {
            sums[m + 3] += r3.reduceLanes(VectorOperators.ADD);
        }
        if (n >= 4) {
            sums[m + 4] += r4.reduceLanes(VectorOperators.ADD);
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
