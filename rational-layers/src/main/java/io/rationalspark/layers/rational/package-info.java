/**
 * The trainable rational activation layer for DL4J: R(x) = P(x) / Q(x) elementwise with learned coefficients.
 *
 * <p>A layer is config + parameters + kernel, each its own class: {@link io.rationalspark.layers.rational.RationalSpec}
 * (immutable description) held by the DL4J configuration shell {@link io.rationalspark.layers.rational.RationalLayer};
 * {@link io.rationalspark.layers.rational.RationalParamInitializer} (the numerator/denominator coefficient views);
 * {@link io.rationalspark.layers.rational.RationalLayerImpl}, whose forward and backward passes delegate to a
 * {@link io.rationalspark.layers.rational.kernel.RationalKernel}. {@link io.rationalspark.layers.rational.RationalFunction}
 * is the scalar reference of the math. Rational activations: Boullé, Nakatsukasa and Townsend, "Rational neural
 * networks" (NeurIPS 2020); Molina, Schramowski and Kersting, "Padé activation units" (ICLR 2020); Tang and Townsend,
 * "Rational Neural Networks have Expressivity Advantages" (arXiv 2602.12390).
 */
package io.rationalspark.layers.rational;
