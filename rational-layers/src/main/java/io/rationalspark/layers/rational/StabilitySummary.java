package io.rationalspark.layers.rational;

/**
 * How close a rational layer is to trouble: the smallest denominator Q(x) over a sample of its inputs (a
 * plain-form layer with a value near 0 is near a pole; safe forms never go below 1), and coefficient norms.
 *
 * @param minDenominator    min over the sample of Q(x), each element evaluated with its own set
 * @param minDenominatorSet the coefficient set where that minimum occurs
 * @param numeratorNorm     L2 norm of all numerator coefficients
 * @param denominatorNorm   L2 norm of all denominator coefficients
 * @param maxAbsCoefficient largest |coefficient|
 */
public record StabilitySummary(String layer, int sets, long sampleSize, double minDenominator, int minDenominatorSet,
                               double numeratorNorm, double denominatorNorm, double maxAbsCoefficient) {
}
