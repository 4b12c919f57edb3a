package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;

/**
 * The math of the fused kernel on one tile of up to {@link #capacity} elements that share one coefficient
 * set, in double. Every step is one simple loop over the tile (one Horner step per loop), which the JIT
 * turns into SIMD code; the coefficient-gradient sums use four partial accumulators.
 *
 * <p>With z = |x|, u = g/Q and y = P/Q: dL/dx = u (P' − y Q'); dL/dak = Σ u x^k; dL/dbj = −Σ u y ∂Q/∂bj with
 * ∂Q/∂bj = x^j (plain), sign(S) x^j (abs polynomial, S = Σ bj x^j), sign(bj) z^j (abs terms; the sign is
 * applied once after the reduction). sign(0) = +1 throughout.
 */
final class RationalTile {

    final int capacity;
    final double[] x;
    final double[] g;
    final double[] out;
    private final double[] p;
    private final double[] dp;
    private final double[] q;
    private final double[] dq;
    private final double[] sign;
    private final double[] w;
    private final double[] base;

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

    /** out = R(x) for the first {@code len} elements, with set {@code set} of {@code c}. */
    void forward(RationalCoefficients c, int set, int len) {
        numerator(c, set, len, false);
        denominator(c, set, len, false);
        for (int i = 0; i < len; i++) {
            out[i] = p[i] / q[i];
        }
    }

    /**
     * out = dL/dx for the first {@code len} elements given upstream gradients g; adds the coefficient
     * gradients of this tile to {@code gradA} (m + 1 values) and {@code gradB} (n values, before the
     * abs-terms sign).
     */
    void backward(RationalCoefficients c, int set, int len, double[] gradA, double[] gradB) {
        numerator(c, set, len, true);
        denominator(c, set, len, true);
        for (int i = 0; i < len; i++) {
            double ui = g[i] / q[i];
            double yi = p[i] / q[i];
            out[i] = ui * (dp[i] - yi * dq[i]);
            w[i] = -ui * yi * sign[i]; // v = −u·y (·sign(S)); reused below for the b-gradients
            p[i] = ui;                 // p now holds the running u·x^k
        }
        int m = c.numeratorDegree();
        for (int k = 0; k <= m; k++) {
            gradA[k] += sum(p, len);
            if (k < m) {
                for (int i = 0; i < len; i++) {
                    p[i] *= x[i];
                }
            }
        }
        int n = c.denominatorDegree();
        for (int i = 0; i < len; i++) {
            w[i] *= base[i];
        }
        for (int j = 1; j <= n; j++) {
            gradB[j - 1] += sum(w, len);
            if (j < n) {
                for (int i = 0; i < len; i++) {
                    w[i] *= base[i];
                }
            }
        }
    }

    /** p = P(x) and, if asked, dp = P'(x), by Horner. */
    private void numerator(RationalCoefficients c, int set, int len, boolean derivative) {
        double[] a = c.numerator();
        int m = c.numeratorDegree();
        int off = set * (m + 1);
        double top = a[off + m];
        for (int i = 0; i < len; i++) {
            p[i] = top;
        }
        for (int k = m - 1; k >= 0; k--) {
            double ak = a[off + k];
            for (int i = 0; i < len; i++) {
                p[i] = p[i] * x[i] + ak;
            }
        }
        if (derivative) {
            double dtop = m * top;
            for (int i = 0; i < len; i++) {
                dp[i] = dtop;
            }
            for (int k = m - 1; k >= 1; k--) {
                double kak = k * a[off + k];
                for (int i = 0; i < len; i++) {
                    dp[i] = dp[i] * x[i] + kak;
                }
            }
        }
    }

    /**
     * q = Q(x); with derivatives also dq = Q'(x), base = x or |x| (the powers of ∂Q/∂bj), and sign = sign(S)
     * for the abs-polynomial form (1 otherwise).
     */
    private void denominator(RationalCoefficients c, int set, int len, boolean derivative) {
        int n = c.denominatorDegree();
        DenominatorForm form = c.form();
        boolean absTerms = form == DenominatorForm.SAFE_ABS_TERMS;
        if (absTerms) {
            for (int i = 0; i < len; i++) {
                base[i] = Math.abs(x[i]);
            }
        } else {
            System.arraycopy(x, 0, base, 0, len);
        }
        if (derivative) {
            for (int i = 0; i < len; i++) {
                sign[i] = 1;
            }
        }
        if (n == 0) {
            for (int i = 0; i < len; i++) {
                q[i] = 1;
            }
            if (derivative) {
                for (int i = 0; i < len; i++) {
                    dq[i] = 0;
                }
            }
            return;
        }
        double[] b = c.denominator();
        int off = set * n;
        // q = T(base) = Σ cj base^j with cj = bj or |bj|, by Horner: ((cn base + c(n-1)) base + ...) base
        double cn = absTerms ? Math.abs(b[off + n - 1]) : b[off + n - 1];
        for (int i = 0; i < len; i++) {
            q[i] = cn;
        }
        for (int j = n - 1; j >= 1; j--) {
            double cj = absTerms ? Math.abs(b[off + j - 1]) : b[off + j - 1];
            for (int i = 0; i < len; i++) {
                q[i] = q[i] * base[i] + cj;
            }
        }
        for (int i = 0; i < len; i++) {
            q[i] *= base[i];
        }
        if (derivative) {
            // dq = T'(base) = Σ j cj base^(j-1)
            double ncn = n * cn;
            for (int i = 0; i < len; i++) {
                dq[i] = ncn;
            }
            for (int j = n - 1; j >= 1; j--) {
                double jcj = j * (absTerms ? Math.abs(b[off + j - 1]) : b[off + j - 1]);
                for (int i = 0; i < len; i++) {
                    dq[i] = dq[i] * base[i] + jcj;
                }
            }
        }
        switch (form) {
            case PLAIN:
                for (int i = 0; i < len; i++) {
                    q[i] += 1;
                }
                break;
            case SAFE_ABS_POLYNOMIAL:
                if (derivative) {
                    for (int i = 0; i < len; i++) {
                        double s = Math.copySign(1.0, q[i]);
                        sign[i] = s;
                        dq[i] *= s;
                    }
                }
                for (int i = 0; i < len; i++) {
                    q[i] = 1 + Math.abs(q[i]);
                }
                break;
            default:
                if (derivative) {
                    for (int i = 0; i < len; i++) {
                        dq[i] = Math.copySign(dq[i], x[i]); // T' >= 0, so this is sign(x)·T'
                    }
                }
                for (int i = 0; i < len; i++) {
                    q[i] += 1;
                }
                break;
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
