package io.rationalspark.layers.rational.fit;

import io.rationalspark.layers.rational.RationalFunction;

/**
 * A fitted rational function and how well it fits: the maximum and root-mean-square error against the
 * target on a dense evaluation grid of the interval (denser than the fitting grid).
 */
public record FitResult(RationalFunction function, FitTarget target, double lower, double upper,
                        FitMethod method, double maxError, double rmsError) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "fit of %s on [%g, %g] by %s: max error %.3g, rms error %.3g, %s",
                target, lower, upper, method, maxError, rmsError, function);
    }
}
