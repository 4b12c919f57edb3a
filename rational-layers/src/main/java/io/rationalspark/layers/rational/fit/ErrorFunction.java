package io.rationalspark.layers.rational.fit;

/**
 * The error function and the standard normal distribution function in double precision (Java has
 * neither), accurate to a few units in the last place: absolute error below 1e-15 for erf, relative
 * error below about 1e-13 for erfc in its tail.
 *
 * <p>Two classical expansions, each used where it converges fast and without cancellation:
 * <ul>
 *   <li>|x| &lt; 2: the series with positive terms (Abramowitz &amp; Stegun 7.1.6)
 *       erf(x) = (2/√π) e^(−x²) Σ_{k≥0} 2^k x^(2k+1) / (1·3·5···(2k+1));</li>
 *   <li>x &ge; 2: the continued fraction (A&amp;S 7.1.14)
 *       erfc(x) = (e^(−x²)/√π) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated by
 *       the modified Lentz method.</li>
 * </ul>
 * e^(−x²) is evaluated with x² split exactly into a double and its rounding error (by fma), so the tail
 * keeps its relative accuracy for large x.
 */
public final class ErrorFunction {

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/√π
    private static final double ONE_OVER_SQRT_2 = 0.7071067811865476;
    /** Where the series hands over to the continued fraction. */
    private static final double SWITCH = 2.0;
    /** erfc(x) underflows to 0 beyond about 27.3. */
    private static final double ERFC_ZERO = 27.5;

    private ErrorFunction() {
    }

    /** erf(x) = (2/√π) ∫_0^x e^(−t²) dt. */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double ax = Math.abs(x);
        double value = ax < SWITCH ? series(ax) : 1.0 - continuedFraction(ax);
        return Math.copySign(value, x);
    }

    /** erfc(x) = 1 − erf(x), accurate in relative terms in the right tail. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 1.0 + erf(-x);
        }
        return x < SWITCH ? 1.0 - series(x) : continuedFraction(x);
    }

    /** Φ(x) = P(Z ≤ x) for a standard normal Z: Φ(x) = erfc(−x/√2)/2. */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x * ONE_OVER_SQRT_2);
    }

    /** e^(−x²), with x² = hi + lo split exactly so that large x keep their relative accuracy. */
    static double expMinusSquare(double x) {
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        return Math.exp(-hi) * (1.0 - lo);
    }

    /** erf(x) for 0 ≤ x &lt; 2 by the positive-term series. */
    private static double series(double x) {
        double twoXSquared = 2 * x * x;
        double term = x;
        double sum = x;
        for (int k = 1; k < 200; k++) {
            term *= twoXSquared / (2 * k + 1);
            sum += term;
            if (term <= 1e-17 * sum) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * expMinusSquare(x) * sum;
    }

    /** erfc(x) for x &ge; 2 by the continued fraction x + (k/2)/(x + ...), modified Lentz. */
    private static double continuedFraction(double x) {
        if (x > ERFC_ZERO) {
            return 0.0;
        }
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 5000; k++) {
            double ak = 0.5 * k;
            d = x + ak * d;
            d = d == 0 ? tiny : d;
            c = x + ak / c;
            c = c == 0 ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return ONE_OVER_SQRT_PI * expMinusSquare(x) / f;
    }
}
