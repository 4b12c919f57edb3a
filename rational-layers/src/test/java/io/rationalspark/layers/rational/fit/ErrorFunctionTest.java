package io.rationalspark.layers.rational.fit;

import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * erf, erfc, Φ and the exact GELU against an independent method: composite Simpson quadrature of the
 * Gaussian density at high resolution, summed with Kahan compensation.
 */
class ErrorFunctionTest {

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    /** ∫_a^b g(t) dt by composite Simpson with the given (even) number of intervals. */
    private static double simpson(DoubleUnaryOperator g, double a, double b, int intervals) {
        double h = (b - a) / intervals;
        double sum = g.applyAsDouble(a) + g.applyAsDouble(b);
        double compensation = 0;
        for (int i = 1; i < intervals; i++) {
            double term = (i % 2 == 1 ? 4 : 2) * g.applyAsDouble(a + i * h);
            double y = term - compensation;
            double t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
        }
        return sum * h / 3;
    }

    private static double erfByQuadrature(double x) {
        return TWO_OVER_SQRT_PI * simpson(t -> Math.exp(-t * t), 0, x, 200_000);
    }

    /** erfc(x) = (2/√π) e^(−x²) ∫_0^∞ e^(−2xu − u²) du (t = x + u), the integrand negligible beyond u = 12. */
    private static double erfcByQuadrature(double x) {
        return TWO_OVER_SQRT_PI * Math.exp(-x * x) * simpson(u -> Math.exp(-2 * x * u - u * u), 0, 12, 400_000);
    }

    private static double normalCdfByQuadrature(double x) {
        return 0.5 + simpson(t -> Math.exp(-0.5 * t * t), 0, x, 200_000) / Math.sqrt(2 * Math.PI);
    }

    @Test
    void erfMatchesQuadratureToTheLastDigits() {
        double worst = 0;
        for (double x : new double[] {0.01, 0.1, 0.3, 0.5, 0.75, 1, 1.5, 1.9, 1.999, 2, 2.001, 2.5, 3, 3.5, 4, 5, 6}) {
            double error = Math.abs(ErrorFunction.erf(x) - erfByQuadrature(x));
            worst = Math.max(worst, error);
            assertTrue(error < 1e-14, "erf(" + x + ") off by " + error);
        }
        System.out.printf("erf: worst |error| against Simpson quadrature %.2e%n", worst);
    }

    @Test
    void erfcKeepsItsRelativeAccuracyInTheTail() {
        double worst = 0;
        for (double x : new double[] {0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            double reference = erfcByQuadrature(x);
            double relative = Math.abs(ErrorFunction.erfc(x) - reference) / reference;
            worst = Math.max(worst, relative);
            assertTrue(relative < 1e-12, "erfc(" + x + ") relative error " + relative);
        }
        System.out.printf("erfc: worst relative error against quadrature %.2e%n", worst);
    }

    @Test
    void symmetriesAndLimits() {
        for (double x : new double[] {0.2, 1.3, 2.7, 4.4}) {
            assertEquals(-ErrorFunction.erf(x), ErrorFunction.erf(-x), 0.0);
            assertEquals(2 - ErrorFunction.erfc(x), ErrorFunction.erfc(-x), 1e-15);
            assertEquals(1.0, ErrorFunction.erf(x) + ErrorFunction.erfc(x), 1e-15);
            assertEquals(1.0, ErrorFunction.normalCdf(x) + ErrorFunction.normalCdf(-x), 1e-15);
        }
        assertEquals(0.0, ErrorFunction.erf(0), 0.0);
        assertEquals(1.0, ErrorFunction.erf(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-1.0, ErrorFunction.erf(Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(0.0, ErrorFunction.erfc(40), 0.0);
        assertEquals(2.0, ErrorFunction.erfc(Double.NEGATIVE_INFINITY), 0.0);
        assertTrue(Double.isNaN(ErrorFunction.erf(Double.NaN)));
        assertTrue(Double.isNaN(ErrorFunction.erfc(Double.NaN)));
    }

    @Test
    void exactGeluIsXTimesTheNormalCdf() {
        FitTarget gelu = FitTarget.parse("gelu");
        double worst = 0;
        for (double x = -6; x <= 6; x += 0.25) {
            double reference = x * normalCdfByQuadrature(x);
            double error = Math.abs(gelu.value(x) - reference);
            worst = Math.max(worst, error);
            assertTrue(error < 1e-14 * Math.max(1, Math.abs(x)), "gelu(" + x + ") off by " + error);
        }
        // Not the tanh approximation, which differs by up to ≈ 5e-4 near |x| ≈ 2.
        double x = 2.0;
        double tanhApproximation = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
        assertTrue(Math.abs(gelu.value(x) - tanhApproximation) > 1e-5);
        System.out.printf("gelu: worst |error| against x·Φ(x) by quadrature %.2e%n", worst);
    }
}
