package io.rationalspark.layers.rational.fit;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalFunction;

/** PLACEHOLDER (replaced by the fitting work). */
public final class RationalFitter {
    private RationalFitter() {
    }

    public static FitResult fit(FitTarget target, int m, int n, DenominatorForm form, double lower, double upper,
                                FitMethod method) {
        double[] a = new double[m + 1];
        a[1] = 1;
        RationalFunction r = new RationalFunction(form, a, new double[n]);
        return new FitResult(r, target, lower, upper, method, Double.NaN, Double.NaN);
    }
}
