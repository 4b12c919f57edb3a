package io.rationalspark.layers.rational.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Real roots and extrema of a real polynomial c0 + c1 x + ... + cd x^d on a closed interval, by the
 * derivative cascade: between consecutive real roots of p' (and the interval's ends) p is monotone, so it
 * has at most one root there, found by bisection; the roots of p' come the same way from p''. Exact up
 * to rounding, with no starting guesses and no missed roots, for the small degrees (&le; 10) used here.
 */
final class Polynomials {

    private Polynomials() {
    }

    static double value(double[] c, double x) {
        double v = 0;
        for (int k = c.length - 1; k >= 0; k--) {
            v = v * x + c[k];
        }
        return v;
    }

    static double[] derivative(double[] c) {
        if (c.length <= 1) {
            return new double[0];
        }
        double[] d = new double[c.length - 1];
        for (int k = 1; k < c.length; k++) {
            d[k - 1] = k * c[k];
        }
        return d;
    }

    /** The real roots of p in [lower, upper], ascending (a root of even multiplicity may be missed only
     *  when p does not change sign there and rounding hides that p reaches 0; {@link #minimum} sees it). */
    static double[] roots(double[] c, double lower, double upper) {
        int degree = c.length - 1;
        while (degree >= 0 && c[degree] == 0) {
            degree--;
        }
        if (degree <= 0) {
            return new double[0];
        }
        double[] p = Arrays.copyOf(c, degree + 1);
        double[] critical = roots(derivative(p), lower, upper);
        List<Double> found = new ArrayList<>();
        double u = lower;
        double fu = value(p, u);
        if (fu == 0) {
            found.add(u);
        }
        for (int i = 0; i <= critical.length; i++) {
            double v = i < critical.length ? critical[i] : upper;
            double fv = value(p, v);
            if (fv == 0) {
                if (found.isEmpty() || found.get(found.size() - 1) != v) {
                    found.add(v);
                }
            } else if (fu != 0 && (fu < 0) != (fv < 0)) {
                found.add(bisect(p, u, v, fu));
            }
            u = v;
            fu = fv;
        }
        double[] result = new double[found.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = found.get(i);
        }
        return result;
    }

    private static double bisect(double[] p, double u, double v, double fu) {
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (u + v);
            if (mid == u || mid == v) {
                break;
            }
            double fm = value(p, mid);
            if (fm == 0) {
                return mid;
            }
            if ((fm < 0) == (fu < 0)) {
                u = mid;
                fu = fm;
            } else {
                v = mid;
            }
        }
        return 0.5 * (u + v);
    }

    /** min of p over [lower, upper]: at an end or at a real root of p'. */
    static double minimum(double[] c, double lower, double upper) {
        double min = Math.min(value(c, lower), value(c, upper));
        for (double x : roots(derivative(c), lower, upper)) {
            min = Math.min(min, value(c, x));
        }
        return min;
    }

    /** max of p over [lower, upper]. */
    static double maximum(double[] c, double lower, double upper) {
        double[] negated = new double[c.length];
        for (int k = 0; k < c.length; k++) {
            negated[k] = -c[k];
        }
        return -minimum(negated, lower, upper);
    }
}
