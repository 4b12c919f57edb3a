package io.rationalspark.layers.rational;

import io.rationalspark.layers.rational.fit.FitMethod;
import io.rationalspark.layers.rational.fit.FitResult;
import io.rationalspark.layers.rational.fit.FitTarget;
import io.rationalspark.layers.rational.fit.RationalFitter;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a rational layer's coefficients start: fitted at run time to a named target activation on an
 * interval, or given explicitly. Fits are cached per (target, interval, method, degrees, form), so a
 * network with many rational layers fits once.
 */
public final class RationalInit {

    private static final Map<String, FitResult> FIT_CACHE = new ConcurrentHashMap<>();

    private final String target;
    private final double lower;
    private final double upper;
    private final FitMethod method;
    private final double[] numerator;
    private final double[] denominator;

    private RationalInit(String target, double lower, double upper, FitMethod method,
                         double[] numerator, double[] denominator) {
        this.target = target;
        this.lower = lower;
        this.upper = upper;
        this.method = method;
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /**
     * Fit to {@code target} (a {@link FitTarget} name such as {@code leakyrelu:0.01}, {@code relu},
     * {@code tanh}) on [lower, upper].
     */
    public static RationalInit fit(String target, double lower, double upper, FitMethod method) {
        FitTarget.parse(target);
        if (!(lower < upper) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("rational.init interval must be finite with lower < upper, got ["
                    + lower + ", " + upper + "]");
        }
        return new RationalInit(target, lower, upper, Objects.requireNonNull(method, "rational.init.method"),
                null, null);
    }

    /** Start from these coefficients: a0..am and b1..bn, the same for every coefficient set. */
    public static RationalInit explicit(double[] numerator, double[] denominator) {
        requireFinite("rational.init.numerator", numerator);
        requireFinite("rational.init.denominator", denominator);
        return new RationalInit(null, Double.NaN, Double.NaN, null, numerator.clone(), denominator.clone());
    }

    private static void requireFinite(String field, double[] values) {
        Objects.requireNonNull(values, field);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(field + "[" + i + "] must be finite, got " + values[i]);
            }
        }
    }

    public boolean isExplicit() {
        return numerator != null;
    }

    /** The fit target name, or null for explicit coefficients. */
    public String target() {
        return target;
    }

    public double lower() {
        return lower;
    }

    public double upper() {
        return upper;
    }

    public FitMethod method() {
        return method;
    }

    public double[] numerator() {
        return numerator == null ? null : numerator.clone();
    }

    public double[] denominator() {
        return denominator == null ? null : denominator.clone();
    }

    /** The starting function for degrees (m, n) and the given form: the fit (cached) or the explicit coefficients. */
    public RationalFunction resolve(int numeratorDegree, int denominatorDegree, DenominatorForm form) {
        if (isExplicit()) {
            if (numerator.length != numeratorDegree + 1 || denominator.length != denominatorDegree) {
                throw new IllegalArgumentException("rational.init: explicit coefficients have degrees ("
                        + (numerator.length - 1) + ", " + denominator.length + ") but the layer has degrees ("
                        + numeratorDegree + ", " + denominatorDegree + ")");
            }
            return new RationalFunction(form, numerator, denominator);
        }
        return fitResult(numeratorDegree, denominatorDegree, form).function();
    }

    /** The fit behind this init (computed once per JVM); only for fitted inits. */
    public FitResult fitResult(int numeratorDegree, int denominatorDegree, DenominatorForm form) {
        if (isExplicit()) {
            throw new IllegalStateException("explicit coefficients have no fit");
        }
        String key = target + "|" + lower + "|" + upper + "|" + method + "|" + numeratorDegree + "|"
                + denominatorDegree + "|" + form;
        return FIT_CACHE.computeIfAbsent(key, k -> RationalFitter.fit(FitTarget.parse(target), numeratorDegree,
                denominatorDegree, form, lower, upper, method));
    }

    @Override
    public String toString() {
        return isExplicit() ? "explicit(numerator=" + Arrays.toString(numerator) + ", denominator="
                + Arrays.toString(denominator) + ")"
                : "fit(" + target + " on [" + lower + ", " + upper + "], " + method + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RationalInit)) {
            return false;
        }
        RationalInit other = (RationalInit) o;
        return Objects.equals(target, other.target) && Double.compare(lower, other.lower) == 0
                && Double.compare(upper, other.upper) == 0 && method == other.method
                && Arrays.equals(numerator, other.numerator) && Arrays.equals(denominator, other.denominator);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, lower, upper, method, Arrays.hashCode(numerator), Arrays.hashCode(denominator));
    }
}
