package io.rationalspark.layers.rational.fit;

import java.util.Arrays;

/**
 * Levenberg–Marquardt for min_θ Σ |r_i(θ)|^p (p = 2: nonlinear least squares; p &gt; 2: the L^p steps of
 * the minimax continuation) of a {@link FitProblem}, with the analytic Jacobian and simple bounds
 * θ_k &ge; 0 where {@link FitProblem#isBounded} says so.
 *
 * <p>Each iteration factors the column-scaled, row-weighted Jacobian once, W^½ J D⁻¹ = Q R (D = diag of
 * the column norms, Marquardt's scaling; W = diag |r_i|^(p−2)), and tries damped steps δ = D⁻¹ δ̃ with
 * δ̃ = argmin ‖R δ̃ + z‖² + λ ‖δ̃‖², z = Qᵀ W^½ r / (p − 1), each a small 2p × p QR (as in MINPACK). Bounds
 * by an active set on the same factorisation: a bounded θ_k at 0 whose gradient points below 0 is held
 * there, one whose step would cross 0 is moved to 0 and the step recomputed without it. A step is taken
 * only if the objective decreases on the true residual (inadmissible θ count as +∞), so the returned θ
 * is the best iterate. λ follows Nielsen's rule: λ ← λ · max(1/3, 1 − (2ρ − 1)³) after a step with gain
 * ratio ρ, λ ← λ ν, ν ← 2ν after a rejected one. Stops after maxIterations, three steps in a row that
 * gain less than a relative 1e-12, or λ &gt; 1e16.
 */
final class LevenbergMarquardt {

    private static final double INITIAL_DAMPING = 1e-3;
    private static final double MIN_DAMPING = 1e-15;
    private static final double MAX_DAMPING = 1e16;
    /** A step that decreases F by less than this fraction counts as a stall; three in a row stop. */
    private static final double STALL = 1e-12;

    private LevenbergMarquardt() {
    }

    /**
     * The best θ for the L^p objective G(θ) = Σ |r_i(θ)|^p (p &ge; 2) found from theta0 within
     * maxIterations Jacobians; theta0 itself if none is better. For p &gt; 2 the step is Newton's for the
     * weighted model G(θ + δ) ≈ Σ w_i (r_i² + p r_i J_i δ + p(p−1)/2 (J_i δ)²), w_i = |r_i|^(p−2)
     * (residuals scaled by the current max |r_i| against under- and overflow), i.e. the damped solution
     * of min ‖W^½ (J δ + r/(p−1))‖².
     */
    static double[] minimise(FitProblem problem, double[] theta0, double exponent, int maxIterations) {
        double[] theta = theta0.clone();
        for (int k = 0; k < theta.length; k++) {
            if (problem.isBounded(k)) {
                theta[k] = Math.max(theta[k], 0.0);
            }
        }
        double[] r = problem.residuals(theta);
        if (r == null) {
            return theta0.clone();
        }
        int p = problem.parameters();
        int rows = problem.x.length;
        double lambda = INITIAL_DAMPING;
        double nu = 2;
        int stalls = 0;
        for (int iteration = 0; iteration < maxIterations && stalls < 3; iteration++) {
            double scale = exponent == 2 ? 1.0 : FitProblem.maxAbs(r);
            double value = lpObjective(r, scale, exponent);
            if (!(value > 0)) {
                break;
            }
            double[] weight = new double[rows];
            for (int i = 0; i < rows; i++) {
                weight[i] = exponent == 2 ? 1.0 : Math.pow(Math.abs(r[i]) / scale, 0.5 * exponent - 1);
            }
            int[] active = heaviestRows(weight, 4 * p);
            int count = active.length;
            double[] rowScale = new double[count];
            for (int c = 0; c < count; c++) {
                rowScale[c] = weight[active[c]] / scale;
            }
            double[] v = new double[count];
            for (int c = 0; c < count; c++) {
                v[c] = rowScale[c] * r[active[c]];
            }
            double[][] jac = problem.jacobian(theta, active, rowScale);
            boolean[] held = new boolean[p];
            for (int k = 0; k < p; k++) {
                held[k] = problem.isBounded(k) && theta[k] <= 0 && dot(jac[k], v, count) >= 0;
            }
            Factored factored = new Factored(jac, v, exponent, count);
            while (true) {
                boolean[] fixed = held.clone();
                double[] step = factored.step(lambda, fixed, theta);
                while (crossing(problem, theta, step, fixed)) {
                    step = factored.step(lambda, fixed, theta);
                }
                double[] candidate = theta.clone();
                for (int k = 0; k < p; k++) {
                    candidate[k] = fixed[k] ? 0.0 : candidate[k] + step[k];
                }
                double[] rc = problem.residuals(candidate);
                double vc = rc == null ? Double.POSITIVE_INFINITY : lpObjective(rc, scale, exponent);
                if (vc < value) {
                    double predicted = factored.predictedDecrease(step, exponent);
                    double rho = predicted > 0 ? (value - vc) / predicted : 0;
                    lambda = Math.max(MIN_DAMPING, lambda * Math.max(1.0 / 3, 1 - Math.pow(2 * rho - 1, 3)));
                    nu = 2;
                    stalls = value - vc <= STALL * value ? stalls + 1 : 0;
                    theta = candidate;
                    r = rc;
                    break;
                }
                lambda *= nu;
                nu *= 2;
                if (lambda > MAX_DAMPING) {
                    return theta;
                }
            }
        }
        return theta;
    }

    /**
     * The rows worth factoring, ascending: those whose row weight |r_i/scale|^(p/2 − 1) exceeds 1e-16 (the
     * rest add below 1e-32 to the normal equations, nothing a double holds next to the others; for large p
     * all but the points near the extremes of the error), and at least the minimum heaviest ones.
     */
    private static int[] heaviestRows(double[] weight, int minimum) {
        int rows = weight.length;
        int heavy = 0;
        for (double w : weight) {
            heavy += w > 1e-16 ? 1 : 0;
        }
        int keep = Math.min(rows, Math.max(minimum, heavy));
        double[] sorted = weight.clone();
        Arrays.sort(sorted);
        double cut = sorted[rows - keep];
        int ties = 0;
        for (int i = rows - keep; i < rows && sorted[i] == cut; i++) {
            ties++;
        }
        int[] active = new int[keep];
        int count = 0;
        for (int i = 0; i < rows; i++) {
            if (weight[i] > cut || (weight[i] == cut && ties-- > 0)) {
                active[count++] = i;
            }
        }
        return active;
    }

    /** Σ |r_i / scale|^p. */
    static double lpObjective(double[] r, double scale, double exponent) {
        double s = 0;
        for (double ri : r) {
            double rel = Math.abs(ri) / scale;
            s += exponent == 2 ? rel * rel : Math.pow(rel, exponent);
        }
        return s;
    }

    /** Marks (in fixed) the bounded free coordinates whose step would cross 0; whether there were any. */
    private static boolean crossing(FitProblem problem, double[] theta, double[] step, boolean[] fixed) {
        boolean any = false;
        for (int k = 0; k < theta.length; k++) {
            if (problem.isBounded(k) && !fixed[k] && theta[k] + step[k] < 0) {
                fixed[k] = true;
                any = true;
            }
        }
        return any;
    }

    private static double dot(double[] u, double[] v, int length) {
        double s = 0;
        for (int i = 0; i < length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    /**
     * The row-scaled Jacobian J (scaled v = W^½ r) factored once per iteration: J D⁻¹ = Q R with D the column
     * norms, and z = (Qᵀ v)[0..p) / (p − 1). Every damped, bound-restricted step then costs one small QR.
     */
    private static final class Factored {
        private final double[][] cols;
        private final double[] z;
        private final double[] norms;

        /** Takes ownership of jac (factored in place). */
        Factored(double[][] jac, double[] v, double exponent, int rows) {
            int p = jac.length;
            cols = jac;
            norms = new double[p];
            for (int k = 0; k < p; k++) {
                double norm = HouseholderLeastSquares.norm(jac[k], 0, rows);
                norms[k] = norm > 0 && Double.isFinite(norm) ? norm : 1.0;
                for (int i = 0; i < rows; i++) {
                    jac[k][i] /= norms[k];
                }
            }
            double[] qtv = new double[rows];
            for (int i = 0; i < rows; i++) {
                qtv[i] = v[i] / (exponent - 1);
            }
            HouseholderLeastSquares.triangularize(cols, rows, qtv);
            z = Arrays.copyOf(qtv, p);
        }

        /**
         * δ = D⁻¹ δ̃ with δ̃ = argmin ‖R δ̃ + z‖² + λ‖δ̃‖² over the free coordinates, the fixed ones moved to 0
         * (δ_k = −θ_k) and held there.
         */
        double[] step(double lambda, boolean[] fixed, double[] theta) {
            int p = cols.length;
            double[][] small = new double[p][2 * p];
            double[] rhs = new double[2 * p];
            for (int i = 0; i < p; i++) {
                rhs[i] = -z[i];
            }
            for (int j = 0; j < p; j++) {
                if (fixed[j]) {
                    double moved = -theta[j] * norms[j];
                    for (int i = 0; i <= j; i++) {
                        rhs[i] -= cols[j][i] * moved;
                    }
                } else {
                    System.arraycopy(cols[j], 0, small[j], 0, j + 1);
                }
                small[j][p + j] = Math.sqrt(lambda);
            }
            HouseholderLeastSquares.triangularize(small, 2 * p, rhs);
            double[] step = HouseholderLeastSquares.backSubstitute(small, rhs);
            for (int k = 0; k < p; k++) {
                step[k] = fixed[k] ? -theta[k] : step[k] / norms[k];
            }
            return step;
        }

        /**
         * The decrease of the quadratic model, −(p v·u + p(p−1)/2 u·u) with u = J δ: since u = Q R δ̃,
         * u·u = ‖R δ̃‖² and v·u = (p − 1) z·R δ̃.
         */
        double predictedDecrease(double[] step, double exponent) {
            int p = cols.length;
            double vu = 0;
            double uu = 0;
            for (int i = 0; i < p; i++) {
                double rd = 0;
                for (int j = i; j < p; j++) {
                    rd += cols[j][i] * step[j] * norms[j];
                }
                vu += (exponent - 1) * z[i] * rd;
                uu += rd * rd;
            }
            return -(exponent * vu + 0.5 * exponent * (exponent - 1) * uu);
        }
    }
}
