package io.rationalspark.layers.rational;

import java.util.Arrays;
import java.util.Objects;

/**
 * The coefficients of a rational layer as plain double arrays: {@code sets} numerators a0..am and
 * {@code sets} denominators b1..bn, set-major. This is what kernels read; it is independent of ND4J's
 * data type and of where the layer keeps its parameters.
 */
public final class RationalCoefficients {

    private final DenominatorForm form;
    private final int sets;
    private final int numeratorDegree;
    private final int denominatorDegree;
    private final double[] numerator;
    private final double[] denominator;

    /**
     * @param numerator   sets × (m + 1) values, set-major
     * @param denominator sets × n values, set-major
     */
    public RationalCoefficients(DenominatorForm form, int sets, int numeratorDegree, int denominatorDegree,
                                double[] numerator, double[] denominator) {
        this.form = Objects.requireNonNull(form, "form");
        if (sets < 1) {
            throw new IllegalArgumentException("coefficient sets must be >= 1, got " + sets);
        }
        if (numerator.length != sets * (numeratorDegree + 1)) {
            throw new IllegalArgumentException("numerator coefficients: expected " + sets * (numeratorDegree + 1)
                    + " values (" + sets + " sets of degree " + numeratorDegree + "), got " + numerator.length);
        }
        if (denominator.length != sets * denominatorDegree) {
            throw new IllegalArgumentException("denominator coefficients: expected " + sets * denominatorDegree
                    + " values (" + sets + " sets of degree " + denominatorDegree + "), got " + denominator.length);
        }
        this.sets = sets;
        this.numeratorDegree = numeratorDegree;
        this.denominatorDegree = denominatorDegree;
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /** The same coefficients repeated for every set. */
    public static RationalCoefficients repeated(RationalFunction f, int sets) {
        int m = f.numeratorDegree();
        int n = f.denominatorDegree();
        double[] a = new double[sets * (m + 1)];
        double[] b = new double[sets * n];
        for (int s = 0; s < sets; s++) {
            System.arraycopy(f.numerator(), 0, a, s * (m + 1), m + 1);
            System.arraycopy(f.denominator(), 0, b, s * n, n);
        }
        return new RationalCoefficients(f.form(), sets, m, n, a, b);
    }

    public DenominatorForm form() {
        return form;
    }

    public int sets() {
        return sets;
    }

    public int numeratorDegree() {
        return numeratorDegree;
    }

    public int denominatorDegree() {
        return denominatorDegree;
    }

    /** Set-major a-coefficients; do not modify. */
    public double[] numerator() {
        return numerator;
    }

    /** Set-major b-coefficients; do not modify. */
    public double[] denominator() {
        return denominator;
    }

    /** The rational function of one coefficient set. */
    public RationalFunction function(int set) {
        int m1 = numeratorDegree + 1;
        int n = denominatorDegree;
        return new RationalFunction(form, Arrays.copyOfRange(numerator, set * m1, (set + 1) * m1),
                Arrays.copyOfRange(denominator, set * n, (set + 1) * n));
    }

    /**
     * Throws when a coefficient is NaN or infinite, naming the owner (e.g. "rational layer 'r1' (index 2)"),
     * the coefficient and its value.
     */
    public void requireFinite(String owner) {
        checkFinite(owner, "numerator", numerator, numeratorDegree + 1, 0);
        checkFinite(owner, "denominator", denominator, denominatorDegree, 1);
    }

    private static void checkFinite(String owner, String field, double[] values, int perSet, int firstIndex) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalStateException(owner + ": " + field + " coefficient "
                        + (field.equals("numerator") ? "a" : "b") + (i % perSet + firstIndex) + " of set "
                        + (i / perSet) + " is " + values[i] + " (coefficients must be finite)");
            }
        }
    }
}
