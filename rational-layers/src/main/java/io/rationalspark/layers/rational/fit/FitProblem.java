package io.rationalspark.layers.rational.fit;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalFunction;

/**
 * One fitting problem: a target sampled on a grid, the degrees (m, n) and the denominator form. The
 * parameter vector θ = (a0..am, b1..bn) is laid out as {@link RationalFunction} takes it.
 *
 * <p>Residuals r_i = R_θ(x_i) − f(x_i) are those of the true (nonlinear) rational function of the form. A
 * θ is <em>admissible</em> unless the form is plain and min |Q| over the pole guard interval (the fit
 * interval widened by {@link RationalFitter#POLE_MARGIN} of its width at each end) is below
 * {@link RationalFitter#MIN_PLAIN_DENOMINATOR}: a plain fit must not have a pole in or near the interval.
 */
final class FitProblem {

    final double[] x;
    final double[] f;
    final DenominatorForm form;
    final int m;
    final int n;
    private final double guardLower;
    private final double guardUpper;

    FitProblem(FitTarget target, double[] grid, int m, int n, DenominatorForm form, double guardLower,
               double guardUpper) {
        this.x = grid.clone();
        this.f = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            f[i] = target.value(grid[i]);
        }
        this.form = form;
        this.m = m;
        this.n = n;
        this.guardLower = guardLower;
        this.guardUpper = guardUpper;
    }

    int parameters() {
        return m + 1 + n;
    }

    /**
     * Whether θ_k is bounded below by 0: the abs-terms b_j, which enter Q only as |b_j|, are optimised over
     * b_j &ge; 0 (projected steps), since at b_j = 0 the kink of |b_j| would stall a plain Newton-type step.
     */
    boolean isBounded(int k) {
        return form == DenominatorForm.SAFE_ABS_TERMS && k > m;
    }

    RationalFunction function(double[] theta) {
        double[] a = new double[m + 1];
        double[] b = new double[n];
        System.arraycopy(theta, 0, a, 0, m + 1);
        System.arraycopy(theta, m + 1, b, 0, n);
        return new RationalFunction(form, a, b);
    }

    boolean admissible(RationalFunction r) {
        return form != DenominatorForm.PLAIN
                || RationalFitter.denominatorMinimum(r, guardLower, guardUpper)
                >= RationalFitter.MIN_PLAIN_DENOMINATOR;
    }

    /** r_i = R_θ(x_i) − f(x_i), or null when θ is not admissible or a residual is not finite. */
    double[] residuals(double[] theta) {
        for (double t : theta) {
            if (!Double.isFinite(t)) {
                return null;
            }
        }
        RationalFunction r = function(theta);
        if (!admissible(r)) {
            return null;
        }
        double[] res = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            res[i] = r.value(x[i]) - f[i];
            if (!Double.isFinite(res[i])) {
                return null;
            }
        }
        return res;
    }

    /**
     * The Jacobian ∂r_i/∂θ_k for the grid points {@code rows[c]} (columns, {@code cols[k][c]}), row c
     * multiplied by rowScale[c], from {@link RationalFunction#coefficientGradient}.
     */
    double[][] jacobian(double[] theta, int[] rows, double[] rowScale) {
        RationalFunction r = function(theta);
        double[][] cols = new double[parameters()][rows.length];
        double[] ga = new double[m + 1];
        double[] gb = new double[n];
        for (int c = 0; c < rows.length; c++) {
            r.coefficientGradient(x[rows[c]], ga, gb);
            double s = rowScale[c];
            for (int k = 0; k <= m; k++) {
                cols[k][c] = s * ga[k];
            }
            for (int j = 0; j < n; j++) {
                cols[m + 1 + j][c] = s * gb[j];
            }
        }
        return cols;
    }

    /** Σ r_i²; +∞ for null residuals. */
    static double sumOfSquares(double[] residuals) {
        if (residuals == null) {
            return Double.POSITIVE_INFINITY;
        }
        double s = 0;
        for (double r : residuals) {
            s += r * r;
        }
        return s;
    }

    /** max |r_i|; +∞ for null residuals. */
    static double maxAbs(double[] residuals) {
        if (residuals == null) {
            return Double.POSITIVE_INFINITY;
        }
        double e = 0;
        for (double r : residuals) {
            e = Math.max(e, Math.abs(r));
        }
        return e;
    }
}
