/**
 * Initialisation of rational activations by fitting, computed at run time: a rational function
 * R = P/Q of type (m, n) and a given denominator form is fitted to a named target activation
 * ({@link io.rationalspark.layers.rational.fit.FitTarget}: relu, leakyrelu, tanh, sigmoid, silu, gelu,
 * elu, softplus, identity, abs) on an interval such as [−3, 3].
 *
 * <p>{@link io.rationalspark.layers.rational.fit.RationalFitter} samples the target on a uniform grid,
 * solves the linearised least-squares problem min Σ (P − f Q)² by Householder QR, refines on the true
 * residual R − f of the actual form by Levenberg–Marquardt with the analytic Jacobian, and for
 * {@link io.rationalspark.layers.rational.fit.FitMethod#MINIMAX} continues with min Σ |R − f|^p for
 * growing p. Plain-form fits are kept free of poles on the interval widened by 10 % at each end. The
 * {@link io.rationalspark.layers.rational.fit.FitResult} reports the max and RMS error on a denser
 * evaluation grid. {@link io.rationalspark.layers.rational.fit.ErrorFunction} supplies erf for the exact
 * GELU.
 */
package io.rationalspark.layers.rational.fit;
