package io.rationalspark.layers.rational.fit;

import java.util.function.DoubleUnaryOperator;

/** PLACEHOLDER (replaced by the fitting work): a named target function for initialisation by fitting. */
public final class FitTarget {
    private final String name;
    private final DoubleUnaryOperator f;

    private FitTarget(String name, DoubleUnaryOperator f) {
        this.name = name;
        this.f = f;
    }

    public static FitTarget parse(String spec) {
        String key = spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (key.startsWith("leakyrelu")) {
            double alpha = key.contains(":") ? Double.parseDouble(key.substring(key.indexOf(':') + 1)) : 0.01;
            return new FitTarget("leakyrelu:" + alpha, x -> x > 0 ? x : alpha * x);
        }
        if (key.equals("relu")) {
            return new FitTarget("relu", x -> Math.max(x, 0));
        }
        throw new IllegalArgumentException("unknown fit target " + spec);
    }

    public double value(double x) {
        return f.applyAsDouble(x);
    }

    @Override
    public String toString() {
        return name;
    }
}
