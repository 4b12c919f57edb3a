package io.rationalspark.layers.rational.fit;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalFunction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Fits a rational function R = P/Q of type (m, n) and a given {@link DenominatorForm} to a {@link FitTarget}
 * f on [lower, upper], at run time and deterministically: the initialisation of rational activations by
 * fitting (Molina et al., "Padé activation units", ICLR 2020; Boullé et al., "Rational neural networks",
 * NeurIPS 2020). P(x) = a0 + ... + am x^m; Q = 1 + Σ b_j x^j (plain), 1 + |Σ b_j x^j| (abs-polynomial) or
 * 1 + Σ |b_j| |x|^j (abs-terms).
 *
 * <ol>
 *   <li><b>Grid.</b> 2001 uniform points, plus x = 0 when it lies inside (the kink of relu,
 *       leakyrelu, abs and elu). Uniform rather than Chebyshev-clustered because the errors that matter
 *       are uniform in x: the sum of squares on a uniform grid is a quadrature of ∫ (R − f)² dx, the RMS
 *       that is reported, and the hard part of the kinked targets is the interior kink, where Chebyshev
 *       points are sparsest. Measured on [−3, 3] at (5, 4): a 2001-point Chebyshev grid gave a worse
 *       least-squares RMS for every target (leakyrelu, abs-terms: 0.0053 against 0.0050) and a worse
 *       max error for the kinked ones (0.032 against 0.030), and the same minimax fits.</li>
 *   <li><b>Linearised least squares.</b> min Σ (P(x_i) − f(x_i) Q_lin(x_i))², linear in (a, c), with
 *       Q_lin = 1 + Σ c_j φ_j(x), φ_j = x^j for the plain and abs-polynomial forms and |x|^j for the
 *       abs-terms form (then b_j = |c_j|); solved by Householder QR with unit-norm
 *       column scaling (the monomials of degree 10 on [−3, 3] span ten orders of magnitude) and a ridge
 *       of 1e-10 in scaled units, which settles rank-deficient cases (identity: P = x Q fits for
 *       every Q) on the smallest denominator.</li>
 *   <li><b>Nonlinear least squares.</b> Levenberg–Marquardt on the true residual
 *       r_i = R(x_i) − f(x_i) of the actual form, with the analytic Jacobian of
 *       {@link RationalFunction#coefficientGradient}, from several linearised starts (the best
 *       polynomial, b = 0; the full linearised fit; for the abs-polynomial form also two sign-aware
 *       linearisations, see the source); the result of least Σ r_i² is kept. The abs-terms
 *       b_j are optimised over b_j &ge; 0, where |b_j| is smooth.</li>
 *   <li><b>Minimax</b> ({@link FitMethod#MINIMAX}): from the least-squares fit, L^p continuation:
 *       min Σ |r_i|^p for p = 4, 8, ..., 16384 by Levenberg–Marquardt with Newton steps
 *       for the L^p objective, each p warm-started from the last; ‖r‖_p → ‖r‖_∞ as p grows, and the
 *       iterate with the least max error is kept. (Lawson's reweighting w_i ← w_i |r_i| was tried first:
 *       with nonlinear inner solves it oscillated once the weights concentrated on a few points, and it
 *       ended higher: 0.0128 against 0.0126 for the (5, 4) leakyrelu fit.)</li>
 * </ol>
 *
 * <p>Plain form: an iterate is admissible only if |Q| &ge; {@value #MIN_PLAIN_DENOMINATOR} (a tenth of
 * Q(0) = 1) on the fit interval widened by {@value #POLE_MARGIN} of its width at each end, checked exactly
 * by {@link #denominatorMinimum}. Without it a (4, 4) GELU fit on [−3, 3] gets a real pole at x ≈ −3.5,
 * like a published plain GELU init with a pole at x ≈ −3.0015 just outside its interval. The best
 * polynomial (Q = 1) is always admissible, so every fit is.
 *
 * <p>The returned {@link FitResult} measures max and RMS error on 20001 uniform points,
 * a grid different from the fitting grid. Abs-terms coefficients are returned as |b_j| (the same
 * function, the canonical sign). A (5, 4) fit takes about 20–150 ms, a (10, 10) fit up to about 0.7 s.
 */
public final class RationalFitter {

    /** Largest supported degree of P and of Q. */
    public static final int MAX_DEGREE = 10;
    /** Fraction of the interval's width added at each end for the plain form's pole check. */
    public static final double POLE_MARGIN = 0.1;
    /** Smallest |Q| a plain fit may have on the widened interval (Q is normalised to Q(0) = 1). */
    public static final double MIN_PLAIN_DENOMINATOR = 0.1;
    static final int FIT_POINTS = 2001;
    static final int EVAL_POINTS = 20001;
    static final double RIDGE = 1e-10;
    private static final int LS_ITERATIONS = 200;
    private static final double MAX_EXPONENT = 16384;
    private static final int STAGE_ITERATIONS = 30;

    private RationalFitter() {
    }

    /**
     * Fits R of type (m, n) and the given form to target on [lower, upper] by method.
     *
     * @throws IllegalArgumentException naming the parameter, for m outside [1, 10], n outside [0, 10], a
     *                                  non-finite bound or lower &ge; upper
     */
    public static FitResult fit(FitTarget target, int m, int n, DenominatorForm form, double lower, double upper,
                                FitMethod method) {
        validate(target, m, n, form, lower, upper, method);
        return fit(target, m, n, form, lower, upper, method, uniformGrid(lower, upper));
    }

    static FitResult fit(FitTarget target, int m, int n, DenominatorForm form, double lower, double upper,
                         FitMethod method, double[] grid) {
        FitProblem problem = problem(target, m, n, form, lower, upper, grid);
        double[] theta = leastSquares(problem);
        if (method == FitMethod.MINIMAX) {
            theta = minimax(problem, theta);
        }
        RationalFunction r = canonical(problem.function(theta));
        double[] errors = errors(r, target, lower, upper);
        return new FitResult(r, target, lower, upper, method, errors[0], errors[1]);
    }

    private static void validate(FitTarget target, int m, int n, DenominatorForm form, double lower, double upper,
                                 FitMethod method) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(method, "method");
        if (m < 1 || m > MAX_DEGREE) {
            throw new IllegalArgumentException("numerator degree m must be in [1, " + MAX_DEGREE + "], got " + m);
        }
        if (n < 0 || n > MAX_DEGREE) {
            throw new IllegalArgumentException("denominator degree n must be in [0, " + MAX_DEGREE + "], got " + n);
        }
        if (!Double.isFinite(lower)) {
            throw new IllegalArgumentException("lower bound must be finite, got " + lower);
        }
        if (!Double.isFinite(upper)) {
            throw new IllegalArgumentException("upper bound must be finite, got " + upper);
        }
        if (!(lower < upper)) {
            throw new IllegalArgumentException("lower bound must be < upper bound, got lower " + lower + ", upper "
                    + upper);
        }
    }

    static FitProblem problem(FitTarget target, int m, int n, DenominatorForm form, double lower, double upper,
                              double[] grid) {
        double margin = POLE_MARGIN * (upper - lower);
        return new FitProblem(target, grid, m, n, form, lower - margin, upper + margin);
    }

    /** FIT_POINTS uniform points on [lower, upper], and 0 if it lies strictly inside. */
    static double[] uniformGrid(double lower, double upper) {
        double[] grid = uniform(lower, upper, FIT_POINTS);
        if (lower < 0 && upper > 0 && Arrays.binarySearch(grid, 0.0) < 0) {
            double[] withZero = Arrays.copyOf(grid, grid.length + 1);
            withZero[grid.length] = 0.0;
            Arrays.sort(withZero);
            return withZero;
        }
        return grid;
    }

    static double[] uniform(double lower, double upper, int points) {
        double[] grid = new double[points];
        for (int i = 0; i < points; i++) {
            grid[i] = i == points - 1 ? upper : lower + (upper - lower) * i / (points - 1);
        }
        return grid;
    }

    /** The linearised least-squares fit alone (step 2), before any refinement. */
    static RationalFunction linearisedFit(FitTarget target, int m, int n, DenominatorForm form, double lower,
                                          double upper) {
        validate(target, m, n, form, lower, upper, FitMethod.LEAST_SQUARES);
        FitProblem problem = problem(target, m, n, form, lower, upper, uniformGrid(lower, upper));
        return problem.function(linearised(problem, 1, false));
    }

    /**
     * The linearised least-squares θ with Q_lin = 1 + Σ_{j ≥ firstDegree} c_j φ_j, the other b_j = 0
     * (firstDegree = 1: the full fit; n + 1: the best polynomial). φ_j = |x|^j for the abs-terms form
     * (then b_j = |c_j|), otherwise x^j, or sign(x) x^j when signed: for the abs-polynomial form
     * 1 + |s(x)| equals 1 + s(x) where s &ge; 0 and 1 + sign(x) s(x) where s has the sign of x.
     */
    private static double[] linearised(FitProblem problem, int firstDegree, boolean signed) {
        int rows = problem.x.length;
        int used = Math.max(0, problem.n - firstDegree + 1);
        double[][] cols = new double[problem.m + 1 + used][rows];
        boolean absTerms = problem.form == DenominatorForm.SAFE_ABS_TERMS;
        for (int i = 0; i < rows; i++) {
            double x = problem.x[i];
            double power = 1;
            for (int k = 0; k <= problem.m; k++) {
                cols[k][i] = power;
                power *= x;
            }
            double base = absTerms ? Math.abs(x) : x;
            power = signed ? Math.abs(x) : base;
            for (int j = 1; j <= problem.n; j++) {
                if (j >= firstDegree) {
                    cols[problem.m + j - firstDegree + 1][i] = -problem.f[i] * power;
                }
                power *= base;
            }
        }
        double[] solution = HouseholderLeastSquares.solve(cols, rows, problem.f, RIDGE);
        double[] theta = new double[problem.parameters()];
        System.arraycopy(solution, 0, theta, 0, problem.m + 1);
        for (int j = firstDegree; j <= problem.n; j++) {
            double c = solution[problem.m + j - firstDegree + 1];
            theta[problem.m + j] = absTerms ? Math.abs(c) : c;
        }
        return theta;
    }

    /**
     * Steps 2 and 3: LM from several linearised starts, the result of least Σ r_i² kept: the best
     * polynomial and the full linearised fit, and for the abs-polynomial form, whose Q = 1 + |s(x)| has a
     * kink wherever s changes sign (always at 0 unless b1 = 0) that LM does not move across, also the
     * linearisations for s of the sign of x (a kink at 0, which suits elu and abs) and for b1 = 0 (smooth
     * at 0). Measured: without the sign-of-x start the (5, 4) abs-polynomial elu fit can stall at max error
     * 0.004 instead of 0.00016; without the b1 = 0 start the (10, 10) sigmoid fit stalled at 7e-5 instead
     * of 3e-8.
     */
    private static double[] leastSquares(FitProblem problem) {
        List<double[]> starts = new ArrayList<>();
        starts.add(linearised(problem, problem.n + 1, false));
        if (problem.n > 0) {
            starts.add(linearised(problem, 1, false));
        }
        if (problem.form == DenominatorForm.SAFE_ABS_POLYNOMIAL && problem.n > 0) {
            starts.add(linearised(problem, 1, true));
            if (problem.n >= 2) {
                starts.add(linearised(problem, 2, false));
            }
        }
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (double[] start : starts) {
            double[] theta = LevenbergMarquardt.minimise(problem, start, 2, LS_ITERATIONS);
            double value = FitProblem.sumOfSquares(problem.residuals(theta));
            if (best == null || value < bestValue) {
                best = theta;
                bestValue = value;
            }
        }
        return best;
    }

    /** Step 4: L^p continuation from the least-squares θ, keeping the iterate of least max error. */
    private static double[] minimax(FitProblem problem, double[] start) {
        double[] theta = start;
        double[] best = theta;
        double bestMax = FitProblem.maxAbs(problem.residuals(theta));
        for (double exponent = 4; exponent <= MAX_EXPONENT; exponent *= 2) {
            theta = LevenbergMarquardt.minimise(problem, theta, exponent, STAGE_ITERATIONS);
            double max = FitProblem.maxAbs(problem.residuals(theta));
            if (max < bestMax) {
                bestMax = max;
                best = theta;
            }
        }
        return best;
    }

    /** Abs-terms coefficients as |b_j|: the same function, the canonical sign. */
    private static RationalFunction canonical(RationalFunction r) {
        if (r.form() != DenominatorForm.SAFE_ABS_TERMS) {
            return r;
        }
        double[] b = r.denominator();
        for (int j = 0; j < b.length; j++) {
            b[j] = Math.abs(b[j]);
        }
        return new RationalFunction(r.form(), r.numerator(), b);
    }

    /** {max |R − f|, RMS of R − f} on EVAL_POINTS uniform points of [lower, upper]. */
    static double[] errors(RationalFunction r, FitTarget target, double lower, double upper) {
        double max = 0;
        double sum = 0;
        double[] grid = uniform(lower, upper, EVAL_POINTS);
        for (double x : grid) {
            double e = r.value(x) - target.value(x);
            max = Double.isNaN(e) || Double.isNaN(max) ? Double.NaN : Math.max(max, Math.abs(e));
            sum += e * e;
        }
        return new double[] {max, Math.sqrt(sum / grid.length)};
    }

    /**
     * min over x in [lower, upper] of |Q(x)| if Q has no zero there, else a value &le; 0: for the plain form
     * min of sign(Q(lower)) · Q(x), computed exactly (up to rounding) from Q's values at the ends and at
     * the real roots of Q' (derivative cascade and bisection); for the safe forms Q &ge; 1 and this is its minimum.
     */
    public static double denominatorMinimum(RationalFunction r, double lower, double upper) {
        requireInterval(lower, upper);
        double[] b = r.denominator();
        double[] poly = new double[b.length + 1];
        System.arraycopy(b, 0, poly, 1, b.length);
        switch (r.form()) {
            case PLAIN:
                poly[0] = 1;
                double sign = Math.signum(Polynomials.value(poly, lower));
                for (int k = 0; k < poly.length; k++) {
                    poly[k] *= sign;
                }
                return Polynomials.minimum(poly, lower, upper);
            case SAFE_ABS_POLYNOMIAL:
                double low = Polynomials.minimum(poly, lower, upper);
                double high = Polynomials.maximum(poly, lower, upper);
                return low <= 0 && high >= 0 ? 1.0 : 1.0 + Math.min(Math.abs(low), Math.abs(high));
            default:
                double nearestToZero = lower <= 0 && upper >= 0 ? 0.0 : Math.min(Math.abs(lower), Math.abs(upper));
                return r.denominatorValue(nearestToZero);
        }
    }

    /** The real zeros of Q in [lower, upper], ascending: the real poles of a plain-form R (none for the safe forms). */
    public static double[] poles(RationalFunction r, double lower, double upper) {
        requireInterval(lower, upper);
        if (r.form() != DenominatorForm.PLAIN) {
            return new double[0];
        }
        double[] b = r.denominator();
        double[] poly = new double[b.length + 1];
        poly[0] = 1;
        System.arraycopy(b, 0, poly, 1, b.length);
        return Polynomials.roots(poly, lower, upper);
    }

    private static void requireInterval(double lower, double upper) {
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower <= upper)) {
            throw new IllegalArgumentException("interval must be finite with lower <= upper, got [" + lower + ", "
                    + upper + "]");
        }
    }
}
