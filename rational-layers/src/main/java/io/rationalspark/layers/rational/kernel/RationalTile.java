package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.RationalSpec;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The math of the fused kernel on one tile of up to {@link #capacity} elements that share one coefficient
 * set, in double. Every step is one simple loop over the tile that stores into a single array (two Horner
 * steps per loop for the polynomials), the form of loop the JIT turns into SIMD code; a loop storing into two
 * arrays stays scalar, which made the backward pass 3× slower. The coefficient-gradient sums take two powers of
 * the tile per pass, as eight independent running sums (see {@link #powerSums}).
 *
 * <p>With z = |x|, u = g/Q and y = P/Q: dL/dx = u (P' − y Q'); dL/dak = Σ u x^k; dL/dbj = −Σ u y ∂Q/∂bj with
 * ∂Q/∂bj = x^j (plain), sign(S) x^j (abs polynomial, S = Σ bj x^j), sign(bj) z^j (abs terms; the sign is
 * applied once after the reduction). sign(0) = +1 throughout, for −0.0 too: the signs are {@code v < 0 ? −1 : 1},
 * never {@code Math.copySign}, which reads the sign bit of −0.0.
 *
 * <p>The tile of DOUBLE arrays, and of FLOAT arrays in {@link SimdMode#SCALAR} mode, whose elements it converts to
 * double on the way in and back to float on the way out.
 */
final class RationalTile implements FusedTile {

    final int capacity;
    private final double[] x;
    private final double[] g;
    private final double[] out;
    /** FLOAT arrays' elements on their way in or out (allocated on the first FLOAT use). */
    private float[] floats;
    private final double[] p;
    private final double[] dp;
    private final double[] q;
    private final double[] dq;
    private final double[] sign;
    private final double[] w;
    private final double[] base;
    /** One coefficient set's polynomial, lowest degree first (scratch for {@link #polynomial}). */
    private final double[] coefficients = new double[RationalSpec.MAX_DEGREE + 1];
    /** Its derivative's coefficients, lowest degree first. */
    private final double[] derivativeCoefficients = new double[RationalSpec.MAX_DEGREE];

    RationalTile(int capacity) {
        this.capacity = capacity;
        x = new double[capacity];
        g = new double[capacity];
        out = new double[capacity];
        p = new double[capacity];
        dp = new double[capacity];
        q = new double[capacity];
        dq = new double[capacity];
        sign = new double[capacity];
        w = new double[capacity];
        base = new double[capacity];
    }

    @Override
    public void load(boolean upstream, Pointer array, long index, int pos, int len) {
        double[] dst = upstream ? g : x;
        if (array instanceof DoublePointer) {
            ((DoublePointer) array).position(index).get(dst, pos, len);
            return;
        }
        float[] f = floats();
        ((FloatPointer) array).position(index).get(f, 0, len);
        for (int i = 0; i < len; i++) {
            dst[pos + i] = f[i];
        }
    }

    @Override
    public void store(Pointer array, long index, int pos, int len) {
        if (array instanceof DoublePointer) {
            ((DoublePointer) array).position(index).put(out, pos, len);
            return;
        }
        float[] f = floats();
        for (int i = 0; i < len; i++) {
            f[i] = (float) out[pos + i];
        }
        ((FloatPointer) array).position(index).put(f, 0, len);
    }

    private float[] floats() {
        if (floats == null) {
            floats = new float[capacity];
        }
        return floats;
    }

    /** out = R(x) for the first {@code len} elements, with set {@code set} of {@code c}. */
    @Override
    public void forward(RationalCoefficients c, int set, int len) {
        numerator(c, set, len, false);
        denominator(c, set, len, false);
        for (int i = 0; i < len; i++) {
            out[i] = p[i] / q[i];
        }
    }

    /**
     * out = dL/dx for the first {@code len} elements given upstream gradients g; adds the coefficient
     * gradients of this tile to {@code sums}: dL/da at [0, m + 1), dL/db (before the abs-terms sign) at
     * [m + 1, m + 1 + n).
     */
    @Override
    public void backward(RationalCoefficients c, int set, int len, double[] sums) {
        numerator(c, set, len, true);
        denominator(c, set, len, true);
        // one store per loop: the form of loop the JIT vectorises
        for (int i = 0; i < len; i++) {
            q[i] = 1 / q[i];
        }
        for (int i = 0; i < len; i++) {
            p[i] *= q[i];           // y = P/Q
        }
        for (int i = 0; i < len; i++) {
            q[i] *= g[i];           // u = g/Q
        }
        for (int i = 0; i < len; i++) {
            out[i] = q[i] * (dp[i] - p[i] * dq[i]);
        }
        // v·base with v = −u·y (·sign(S)): the b1-gradient term, raised to higher powers by powerSums
        if (c.form() == DenominatorForm.SAFE_ABS_POLYNOMIAL) {
            for (int i = 0; i < len; i++) {
                w[i] = -q[i] * p[i] * sign[i] * base[i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                w[i] = -q[i] * p[i] * base[i];
            }
        }
        System.arraycopy(q, 0, p, 0, len); // p now holds the running u·x^k
        int m1 = c.numeratorDegree() + 1;
        powerSums(p, x, m1, sums, 0, len);                       // dL/dak += Σ u x^k
        powerSums(w, base, c.denominatorDegree(), sums, m1, len); // dL/dbj += Σ v base^j, j = 1..n
    }

    /**
     * sums[at + k] += Σ v·t^k for k = 0..count−1, destroying v. Two powers per pass over the tile: the two sums of a pass
     * run as eight independent additions, so the pass is not bound by the latency of one running sum.
     */
    private void powerSums(double[] v, double[] t, int count, double[] sums, int at, int len) {
        int k = 0;
        for (; k + 1 < count; k += 2) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double r0 = 0;
            double r1 = 0;
            double r2 = 0;
            double r3 = 0;
            int i = 0;
            for (; i + 3 < len; i += 4) {
                s0 += v[i];
                s1 += v[i + 1];
                s2 += v[i + 2];
                s3 += v[i + 3];
                r0 += v[i] * t[i];
                r1 += v[i + 1] * t[i + 1];
                r2 += v[i + 2] * t[i + 2];
                r3 += v[i + 3] * t[i + 3];
            }
            for (; i < len; i++) {
                s0 += v[i];
                r0 += v[i] * t[i];
            }
            sums[at + k] += (s0 + s1) + (s2 + s3);
            sums[at + k + 1] += (r0 + r1) + (r2 + r3);
            if (k + 2 < count) {
                for (int j = 0; j < len; j++) {
                    double tj = t[j];
                    v[j] *= tj * tj;
                }
            }
        }
        if (k < count) {
            sums[at + k] += sum(v, len);
        }
    }

    /** p = P(x) and, if asked, dp = P'(x). */
    private void numerator(RationalCoefficients c, int set, int len, boolean derivative) {
        int m = c.numeratorDegree();
        System.arraycopy(c.numerator(), set * (m + 1), coefficients, 0, m + 1);
        polynomial(m, x, p, derivative ? dp : null, len);
    }

    /**
     * q = Q(x); with derivatives also dq = Q'(x), base = x or |x| (the powers of ∂Q/∂bj), and, for the
     * abs-polynomial form only, sign = sign(S).
     */
    private void denominator(RationalCoefficients c, int set, int len, boolean derivative) {
        int n = c.denominatorDegree();
        DenominatorForm form = c.form();
        boolean absTerms = form == DenominatorForm.SAFE_ABS_TERMS;
        boolean absPolynomial = form == DenominatorForm.SAFE_ABS_POLYNOMIAL;
        if (absTerms) {
            for (int i = 0; i < len; i++) {
                base[i] = Math.abs(x[i]);
            }
        } else {
            System.arraycopy(x, 0, base, 0, len);
        }
        // T(base) = c0 + Σ cj base^j (j = 1..n) with cj = bj or |bj|, and dq = T'(base). Plain and abs-terms forms:
        // Q = T with c0 = 1; abs-polynomial form: Q = 1 + |T| with c0 = 0.
        double[] b = c.denominator();
        coefficients[0] = absPolynomial ? 0 : 1;
        for (int j = 1; j <= n; j++) {
            double bj = b[set * n + j - 1];
            coefficients[j] = absTerms ? Math.abs(bj) : bj;
        }
        polynomial(n, base, q, derivative ? dq : null, len);
        if (absPolynomial) {
            if (derivative) {
                for (int i = 0; i < len; i++) {
                    sign[i] = q[i] < 0 ? -1.0 : 1.0; // sign(±0) = +1, as the reference and the CUDA kernel
                }
                for (int i = 0; i < len; i++) {
                    dq[i] *= sign[i];
                }
            }
            for (int i = 0; i < len; i++) {
                q[i] = 1 + Math.abs(q[i]);
            }
        } else if (absTerms && derivative) {
            for (int i = 0; i < len; i++) {
                dq[i] = x[i] < 0 ? -dq[i] : dq[i]; // sign(x)·T' with sign(±0) = +1 (copySign would give −1 for −0.0)
            }
        }
    }

    /**
     * v = Σ ck t^k (k = 0..degree, ck = {@link #coefficients}[k]) and, if {@code dv} is given, dv = Σ k ck t^(k−1),
     * each by Horner's scheme. Two Horner steps per pass over the tile, so the tile is read and written half as often;
     * value and derivative in separate passes, because a loop that stores into one array is the one the JIT
     * vectorises.
     */
    private void polynomial(int degree, double[] t, double[] v, double[] dv, int len) {
        horner(coefficients, degree, t, v, len);
        if (dv != null) {
            for (int k = 1; k <= degree; k++) {
                derivativeCoefficients[k - 1] = k * coefficients[k];
            }
            if (degree == 0) {
                derivativeCoefficients[0] = 0;
            }
            horner(derivativeCoefficients, Math.max(0, degree - 1), t, dv, len);
        }
    }

    /** v = Σ c[k] t^k for k = 0..degree: Horner's scheme, two steps a pass. */
    private static void horner(double[] c, int degree, double[] t, double[] v, int len) {
        int k = degree - 1;
        if (degree % 2 == 1) {
            double top = c[degree];
            double next = c[degree - 1];
            for (int i = 0; i < len; i++) {
                v[i] = top * t[i] + next;
            }
            k = degree - 2;
        } else {
            double top = c[degree];
            for (int i = 0; i < len; i++) {
                v[i] = top;
            }
        }
        for (; k >= 1; k -= 2) {
            double c1 = c[k];
            double c0 = c[k - 1];
            for (int i = 0; i < len; i++) {
                double ti = t[i];
                v[i] = (v[i] * ti + c1) * ti + c0;
            }
        }
    }

    private static double sum(double[] v, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        for (; i < len; i++) {
            s0 += v[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
