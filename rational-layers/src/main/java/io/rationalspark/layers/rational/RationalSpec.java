package io.rationalspark.layers.rational;

import io.rationalspark.layers.rational.fit.FitMethod;

import java.util.Objects;

/**
 * What a rational activation layer computes, immutable and validated: degrees (m, n), the denominator
 * form, how coefficient sets are shared across channels, and the initialisation.
 *
 * <p>{@link #paperDefault()} is the preset of the seed paper's experiments (PAU's defaults): degrees (5, 4),
 * safe-abs-terms denominator, one coefficient set per layer, initialised by a least-squares fit to
 * LeakyReLU(0.01) on [-3, 3].
 */
public record RationalSpec(int numeratorDegree, int denominatorDegree, DenominatorForm form,
                           CoefficientSharing sharing, RationalInit init) {

    /** Largest supported degree of P and of Q. */
    public static final int MAX_DEGREE = 10;

    public RationalSpec {
        if (numeratorDegree < 1 || numeratorDegree > MAX_DEGREE) {
            throw new IllegalArgumentException("rational.numeratorDegree must be in [1, " + MAX_DEGREE + "], got "
                    + numeratorDegree);
        }
        if (denominatorDegree < 0 || denominatorDegree > MAX_DEGREE) {
            throw new IllegalArgumentException("rational.denominatorDegree must be in [0, " + MAX_DEGREE + "], got "
                    + denominatorDegree);
        }
        Objects.requireNonNull(form, "rational.form must not be null");
        Objects.requireNonNull(sharing, "rational.sharing must not be null");
        Objects.requireNonNull(init, "rational.init must not be null");
        if (init.isExplicit()) {
            init.resolve(numeratorDegree, denominatorDegree, form);
        }
    }

    public static RationalSpec paperDefault() {
        return new RationalSpec(5, 4, DenominatorForm.SAFE_ABS_TERMS, CoefficientSharing.layer(),
                RationalInit.fit("leakyrelu:0.01", -3, 3, FitMethod.LEAST_SQUARES));
    }

    public RationalSpec withDegrees(int m, int n) {
        return new RationalSpec(m, n, form, sharing, init);
    }

    public RationalSpec withForm(DenominatorForm f) {
        return new RationalSpec(numeratorDegree, denominatorDegree, f, sharing, init);
    }

    public RationalSpec withSharing(CoefficientSharing s) {
        return new RationalSpec(numeratorDegree, denominatorDegree, form, s, init);
    }

    public RationalSpec withInit(RationalInit i) {
        return new RationalSpec(numeratorDegree, denominatorDegree, form, sharing, i);
    }

    /** Coefficients per set: (m + 1) + n. */
    public int coefficientsPerSet() {
        return numeratorDegree + 1 + denominatorDegree;
    }

    /** The initial function of every coefficient set. */
    public RationalFunction initialFunction() {
        return init.resolve(numeratorDegree, denominatorDegree, form);
    }
}
