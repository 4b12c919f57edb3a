package io.rationalspark.layers.rational.kernel;

/**
 * dL/da and dL/db of a rational layer, set-major like {@link io.rationalspark.layers.rational.RationalCoefficients},
 * summed in double. Also the per-thread partial sum of the fused kernel: {@link #merge} adds another one.
 */
public final class CoefficientGradients {

    private final double[] numerator;
    private final double[] denominator;

    public CoefficientGradients(int numeratorLength, int denominatorLength) {
        this(new double[numeratorLength], new double[denominatorLength]);
    }

    public CoefficientGradients(double[] numerator, double[] denominator) {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /** dL/da, set-major (sets × (m + 1)). */
    public double[] numerator() {
        return numerator;
    }

    /** dL/db, set-major (sets × n). */
    public double[] denominator() {
        return denominator;
    }

    /** Adds {@code other} into this and returns this. */
    public CoefficientGradients merge(CoefficientGradients other) {
        for (int i = 0; i < numerator.length; i++) {
            numerator[i] += other.numerator[i];
        }
        for (int i = 0; i < denominator.length; i++) {
            denominator[i] += other.denominator[i];
        }
        return this;
    }
}
