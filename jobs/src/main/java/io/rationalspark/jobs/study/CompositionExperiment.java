package io.rationalspark.jobs.study;

import io.rationalspark.jobs.report.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The composition experiment for |x| (constructed, nothing trained): how fast compositions of low-degree rational
 * maps approximate |x| on [-1, 1] as the depth grows. This is the mechanism behind the paper's separation: one
 * rational layer of fixed type composed d times reaches degree 3^d, so if the error falls like Newman's and Stahl's
 * best rational approximations, exp(−π·√(degree)), it falls doubly exponentially in the depth.
 *
 * <p>The maps are the dynamically weighted Halley iteration for sign(x) (QDWH; Nakatsukasa, Bai &amp; Gygi 2010),
 * which is Zolotarev's best type-(3,2) approximation of sign on [ℓ, 1] at each step: with ℓ₀ = ε,
 * s₀ = x and s_{k+1} = s_k·(a_k + b_k·s_k²) / (1 + c_k·s_k²), where a_k, b_k, c_k depend only on ℓ_k and
 * ℓ_{k+1} is the image of ℓ_k. Each step is an odd rational function of type (3,2) whose denominator has no real
 * zero, i.e. one rational activation of the paper's type (3,2). After d steps, x·s_d(x) approximates |x|: a rational
 * function of type (3^d + 1, 3^d − 1). For each depth the experiment chooses ε (on a logarithmic grid) to minimise
 * the max error over [-1, 1], measured on a uniform grid plus a logarithmic grid towards 0 where the error sits.
 *
 * <p>It fits two laws to the errors above the double-precision floor: exponential in d (ln e = α + β·d) and doubly
 * exponential in d (ln(−ln e) = α + β·d), and compares with Stahl's asymptotic error of the best rational
 * approximation of that degree, 8·exp(−π·√n).
 */
public final class CompositionExperiment {

    /** Errors at or below this are double-precision round-off, left out of the fits. */
    static final double FLOOR = 1e-14;

    private CompositionExperiment() {
    }

    /**
     * One depth.
     *
     * @param depth      d, the number of composed type-(3,2) maps
     * @param degree     numerator degree of x·s_d(x): 3^d + 1
     * @param epsilon    the ε (lower end of the interval the iteration is tuned to) with the smallest max error
     * @param maxError   max |(|x| − x·s_d(x))| over [-1, 1] with that ε
     * @param stahl      Stahl's asymptotic best error for that degree, 8·exp(−π·√degree)
     */
    public record Depth(int depth, long degree, double epsilon, double maxError, double stahl) {
    }

    /** A least-squares line y = intercept + slope·d over the depths used, with its R². */
    public record Fit(double intercept, double slope, double rSquared, int points) {
    }

    /** The depths and both fits. */
    public record Result(List<Depth> depths, Fit exponential, Fit doublyExponential) {
    }

    /** Depths 1 to {@code maxDepth}. */
    public static Result run(int maxDepth) {
        if (maxDepth < 2) {
            throw new IllegalArgumentException("the composition experiment needs at least 2 depths, got " + maxDepth);
        }
        double[] x = evaluationPoints();
        List<Depth> depths = new ArrayList<>();
        for (int d = 1; d <= maxDepth; d++) {
            double bestEpsilon = Double.NaN;
            double bestError = Double.POSITIVE_INFINITY;
            for (double log10 = -0.5; log10 >= -70; log10 -= 0.05) {
                double epsilon = Math.pow(10, log10);
                double error = maxError(d, epsilon, x);
                if (error < bestError) {
                    bestError = error;
                    bestEpsilon = epsilon;
                }
            }
            long degree = (long) Math.pow(3, d) + 1;
            depths.add(new Depth(d, degree, bestEpsilon, bestError, 8 * Math.exp(-Math.PI * Math.sqrt(degree))));
        }
        List<Depth> above = depths.stream().filter(p -> p.maxError() > FLOOR).toList();
        double[] ds = above.stream().mapToDouble(Depth::depth).toArray();
        Fit exponential = fit(ds, above.stream().mapToDouble(p -> Math.log(p.maxError())).toArray());
        Fit doubly = fit(ds, above.stream().mapToDouble(p -> Math.log(-Math.log(p.maxError()))).toArray());
        return new Result(List.copyOf(depths), exponential, doubly);
    }

    /** max over {@code x} (≥ 0; |x| − x·s is even) of x·(1 − s_d(x)) for the iteration tuned to [ε, 1]. */
    static double maxError(int depth, double epsilon, double[] x) {
        double[][] weights = weights(depth, epsilon);
        double max = 0;
        for (double xi : x) {
            max = Math.max(max, Math.abs(xi - xi * sign(xi, weights)));
        }
        return max;
    }

    /** s_d(x): the composed maps with weights {a_k, b_k, c_k}. */
    static double sign(double x, double[][] weights) {
        double s = x;
        for (double[] w : weights) {
            double s2 = s * s;
            s = s * (w[0] + w[1] * s2) / (1 + w[2] * s2);
        }
        return s;
    }

    /** {a_k, b_k, c_k} for k = 0 … depth − 1, from ℓ₀ = ε. */
    static double[][] weights(int depth, double epsilon) {
        double[][] weights = new double[depth][];
        double l = epsilon;
        for (int k = 0; k < depth; k++) {
            double l2 = l * l;
            double dd = Math.cbrt(4 * (1 - l2) / (l2 * l2));
            double a = Math.sqrt(1 + dd) + 0.5 * Math.sqrt(8 - 4 * dd + 8 * (2 - l2) / (l2 * Math.sqrt(1 + dd)));
            double b = (a - 1) * (a - 1) / 4;
            double c = a + b - 1;
            weights[k] = new double[] {a, b, c};
            l = Math.min(1, l * (a + b * l2) / (1 + c * l2));
        }
        return weights;
    }

    /** 20,001 uniform points of [0, 1] and 100 a decade from 1e-20 to 1e-4, where the error of small x sits. */
    static double[] evaluationPoints() {
        int uniform = 20_001;
        int logarithmic = 1_601;
        double[] x = new double[uniform + logarithmic];
        for (int i = 0; i < uniform; i++) {
            x[i] = (double) i / (uniform - 1);
        }
        for (int i = 0; i < logarithmic; i++) {
            x[uniform + i] = Math.pow(10, -20 + 16.0 * i / (logarithmic - 1));
        }
        return x;
    }

    static Fit fit(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return new Fit(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        return new Fit(my - slope * mx, slope, r2, n);
    }

    /** The Markdown section: table, fits, and what they say. */
    public static String markdown(Result result) {
        Table table = new Table("depth d", "type of x·s_d(x)", "ε chosen", "max error on [-1, 1]",
                "Stahl's best error for that degree, 8·exp(−π√n)");
        for (Depth d : result.depths()) {
            table.row(d.depth(), "(" + d.degree() + ", " + (d.degree() - 2) + ")",
                    String.format(Locale.ROOT, "%.1e", d.epsilon()), String.format(Locale.ROOT, "%.2e", d.maxError()),
                    String.format(Locale.ROOT, "%.2e", d.stahl()));
        }
        Fit e = result.exponential();
        Fit dd = result.doublyExponential();
        StringBuilder b = new StringBuilder("## Composition: depth-d rational approximations of |x|\n\n");
        b.append("Constructed, not trained: d composed type-(3,2) maps (Zolotarev-optimal weighted Halley steps for"
                + " sign(x), tuned to [ε, 1]), then one multiplication by x. Each row uses the ε that minimises the"
                + " max error; errors below ").append(String.format(Locale.ROOT, "%.0e", FLOOR))
                .append(" are double-precision round-off and are left out of the fits.\n\n");
        b.append(table.markdown()).append('\n');
        b.append(String.format(Locale.ROOT, "Fits over the %d depths above the floor: exponential in d, ln e = %.2f"
                        + " %+.2f·d (R² = %.4f); doubly exponential in d, ln(−ln e) = %.2f %+.3f·d (R² = %.4f)."
                        + " Stahl's law for degree 3^d predicts a doubly exponential slope of ln(3)/2 = %.3f.%n",
                e.points(), e.intercept(), e.slope(), e.rSquared(), dd.intercept(), dd.slope(), dd.rSquared(),
                Math.log(3) / 2));
        return b.toString();
    }
}
