package io.rationalspark.layers.rational;

import java.util.Arrays;
import java.util.Objects;

/**
 * One rational function R(x) = P(x) / Q(x) with fixed coefficients, evaluated in double precision, one
 * element at a time: the slow, obviously correct reference that the kernels, the fitting and the
 * inspection tools are checked against.
 *
 * <p>P(x) = a0 + a1 x + ... + am x^m; Q depends on the {@link DenominatorForm}:
 * plain 1 + Σ bj x^j, safe-abs-polynomial 1 + |Σ bj x^j|, safe-abs-terms 1 + Σ |bj| |x|^j.
 * Where |·| is not differentiable the gradients use sign(0) = +1, so a zero coefficient can still move.
 */
public final class RationalFunction {

    private final DenominatorForm form;
    private final double[] numerator;
    private final double[] denominator;

    /**
     * @param numerator   a0..am (length m + 1 &ge; 2)
     * @param denominator b1..bn (length n &ge; 0); Q's constant term is 1
     */
    public RationalFunction(DenominatorForm form, double[] numerator, double[] denominator) {
        this.form = Objects.requireNonNull(form, "form");
        if (numerator.length < 2) {
            throw new IllegalArgumentException("numerator needs at least a0 and a1, got " + numerator.length
                    + " coefficients");
        }
        this.numerator = numerator.clone();
        this.denominator = denominator.clone();
    }

    public DenominatorForm form() {
        return form;
    }

    public double[] numerator() {
        return numerator.clone();
    }

    public double[] denominator() {
        return denominator.clone();
    }

    public int numeratorDegree() {
        return numerator.length - 1;
    }

    public int denominatorDegree() {
        return denominator.length;
    }

    /** sign with sign(0) = +1. */
    public static double signPlus(double v) {
        return v < 0 ? -1.0 : 1.0;
    }

    public double numeratorValue(double x) {
        double p = 0;
        for (int k = numerator.length - 1; k >= 0; k--) {
            p = p * x + numerator[k];
        }
        return p;
    }

    /** Σ bj x^j (j = 1..n), the polynomial inside the plain and abs-polynomial denominators. */
    private double denominatorPolynomial(double x) {
        double s = 0;
        for (int j = denominator.length; j >= 1; j--) {
            s = (s + denominator[j - 1]) * x;
        }
        return s;
    }

    public double denominatorValue(double x) {
        switch (form) {
            case PLAIN: return 1 + denominatorPolynomial(x);
            case SAFE_ABS_POLYNOMIAL: return 1 + Math.abs(denominatorPolynomial(x));
            default:
                double z = Math.abs(x);
                double q = 0;
                for (int j = denominator.length; j >= 1; j--) {
                    q = (q + Math.abs(denominator[j - 1])) * z;
                }
                return 1 + q;
        }
    }

    public double value(double x) {
        return numeratorValue(x) / denominatorValue(x);
    }

    /** dR/dx. */
    public double derivative(double x) {
        double p = numeratorValue(x);
        double dp = 0;
        for (int k = numerator.length - 1; k >= 1; k--) {
            dp = dp * x + k * numerator[k];
        }
        double q = denominatorValue(x);
        double dq = denominatorDerivative(x);
        return (dp * q - p * dq) / (q * q);
    }

    private double denominatorDerivative(double x) {
        double ds = 0;
        switch (form) {
            case PLAIN:
                for (int j = denominator.length; j >= 1; j--) {
                    ds = ds * x + j * denominator[j - 1];
                }
                return ds;
            case SAFE_ABS_POLYNOMIAL:
                for (int j = denominator.length; j >= 1; j--) {
                    ds = ds * x + j * denominator[j - 1];
                }
                return signPlus(denominatorPolynomial(x)) * ds;
            default:
                double z = Math.abs(x);
                for (int j = denominator.length; j >= 1; j--) {
                    ds = ds * z + j * Math.abs(denominator[j - 1]);
                }
                return signPlus(x) * ds;
        }
    }

    /**
     * dR/dak and dR/dbj at x.
     *
     * @param gradNumerator   receives dR/da0..dR/dam (length m + 1)
     * @param gradDenominator receives dR/db1..dR/dbn (length n)
     */
    public void coefficientGradient(double x, double[] gradNumerator, double[] gradDenominator) {
        double q = denominatorValue(x);
        double y = numeratorValue(x) / q;
        double power = 1;
        for (int k = 0; k < numerator.length; k++) {
            gradNumerator[k] = power / q;
            power *= x;
        }
        double s = form == DenominatorForm.SAFE_ABS_POLYNOMIAL ? signPlus(denominatorPolynomial(x)) : 1;
        double base = form == DenominatorForm.SAFE_ABS_TERMS ? Math.abs(x) : x;
        power = base;
        for (int j = 1; j <= denominator.length; j++) {
            double dq = form == DenominatorForm.SAFE_ABS_TERMS ? signPlus(denominator[j - 1]) * power : s * power;
            gradDenominator[j - 1] = -y * dq / q;
            power *= base;
        }
    }

    @Override
    public String toString() {
        return "RationalFunction{" + form + ", numerator=" + Arrays.toString(numerator)
                + ", denominator=" + Arrays.toString(denominator) + '}';
    }
}
