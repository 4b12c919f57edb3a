package io.rationalspark.jobs.study;

import java.util.List;
import java.util.Locale;

/**
 * The difference of two means, mean(a) − mean(b), with its Welch confidence interval:
 * d ± t_{1−α/2, ν} · √(s_a²/n_a + s_b²/n_b), ν from the Welch–Satterthwaite equation. The two samples are the
 * seeds of two activations; Welch's form does not assume they have the same spread.
 *
 * <p>A study calls the two <em>tied</em> when the interval contains 0: the seeds do not tell them apart. With a
 * single seed on either side, or no spread on both, there is no interval ({@link #hasInterval()} is false) and no
 * verdict beyond the sign.
 *
 * @param mean  mean(a) − mean(b)
 * @param low   lower end of the interval (NaN without one)
 * @param high  upper end of the interval (NaN without one)
 * @param level the confidence level, e.g. 0.95
 * @param countA seeds in a
 * @param countB seeds in b
 */
public record Difference(double mean, double low, double high, double level, int countA, int countB) {

    /** The 95 % interval of mean(a) − mean(b). */
    public static Difference of(List<Double> a, List<Double> b) {
        return of(a, b, 0.95);
    }

    public static Difference of(List<Double> a, List<Double> b, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        }
        if (a.isEmpty() || b.isEmpty()) {
            throw new IllegalArgumentException("a difference of means needs values on both sides, got " + a.size()
                    + " and " + b.size());
        }
        Stats sa = Stats.of(a);
        Stats sb = Stats.of(b);
        double mean = sa.mean() - sb.mean();
        double va = sa.std() * sa.std() / a.size();
        double vb = sb.std() * sb.std() / b.size();
        if (a.size() < 2 || b.size() < 2 || va + vb == 0) {
            return new Difference(mean, Double.NaN, Double.NaN, level, a.size(), b.size());
        }
        double degrees = (va + vb) * (va + vb) / (sq(va) / (a.size() - 1) + sq(vb) / (b.size() - 1));
        double half = StudentT.quantile(1 - (1 - level) / 2, degrees) * Math.sqrt(va + vb);
        return new Difference(mean, mean - half, mean + half, level, a.size(), b.size());
    }

    private static double sq(double v) {
        return v * v;
    }

    public boolean hasInterval() {
        return !Double.isNaN(low);
    }

    /** The interval contains 0: the seeds do not separate a from b. */
    public boolean tie() {
        return hasInterval() && low <= 0 && high >= 0;
    }

    /** "+0.0021 [−0.0040, +0.0082]" (or the difference alone without an interval). */
    public String format(int decimals) {
        String f = "%+." + decimals + "f";
        return hasInterval() ? String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", mean, low, high)
                : String.format(Locale.ROOT, f + " (no interval)", mean);
    }

    /**
     * A plain sentence on a against b for a metric where {@code higherIsBetter} says which way is good, e.g.
     * "rational − tanh = +0.0021, 95 % CI [−0.0040, +0.0082] over 3 + 3 seeds: a tie (the interval contains 0)".
     */
    public String verdict(String a, String b, String metric, int decimals, boolean higherIsBetter) {
        String head = String.format(Locale.ROOT, "%s − %s in test %s", a, b, metric);
        if (!hasInterval()) {
            return String.format(Locale.ROOT, "%s = %+." + decimals + "f with %d + %d seed(s) and no spread to"
                    + " judge it by: no verdict", head, mean, countA, countB);
        }
        String interval = String.format(Locale.ROOT, "%s = %+." + decimals + "f, %d %% CI [%+." + decimals + "f, %+."
                + decimals + "f] (Welch, %d + %d seeds)", head, mean, Math.round(level * 100), low, high, countA, countB);
        if (tie()) {
            return interval + ": **a tie**, the interval contains 0";
        }
        boolean aBetter = (mean > 0) == higherIsBetter;
        return interval + ": **" + a + (aBetter ? " is better" : " is worse") + "**, the interval excludes 0";
    }
}
