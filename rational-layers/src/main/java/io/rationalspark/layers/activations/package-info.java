/**
 * The fixed activation baselines of the seed paper and the one registry that names them.
 *
 * <p>{@link io.rationalspark.layers.activations.FixedActivation} lists the 15 fixed activations (ELU,
 * LeakyReLU, LogSigmoid, PReLU, ReLU, SELU, CELU, Sigmoid, SiLU, Mish, Softplus, Tanh, Softmin, Softmax,
 * LogSoftmax) and gives the DL4J layer to append after a linear layer whose own activation is identity.
 * {@link io.rationalspark.layers.activations.ActivationRegistry} resolves names (case, {@code _} and
 * {@code -} insensitive) to those layers and to the trainable rational layer
 * ({@link io.rationalspark.layers.rational.RationalLayer}).
 *
 * <p>Where DL4J 1.0.0-M2.1 lacks a function, or has one that does not fit (its softmax is rank 2 over the last
 * dimension only; its Softplus, Swish and Mish overflow to ∞/NaN for inputs above ≈ 40–90 in float), this package
 * provides it as an {@link org.nd4j.linalg.activations.IActivation}:
 * {@link io.rationalspark.layers.activations.ActivationCELU},
 * {@link io.rationalspark.layers.activations.ActivationLogSigmoid},
 * {@link io.rationalspark.layers.activations.ActivationSoftplus},
 * {@link io.rationalspark.layers.activations.ActivationSiLU},
 * {@link io.rationalspark.layers.activations.ActivationMish} and the channel softmax family
 * {@link io.rationalspark.layers.activations.ActivationChannelSoftmax},
 * {@link io.rationalspark.layers.activations.ActivationChannelSoftmin} and
 * {@link io.rationalspark.layers.activations.ActivationChannelLogSoftmax}, which normalise over dimension 1
 * (channels) of inputs of rank 2 [batch, size], 3 [batch, size, time] and 4 [batch, channels, height, width].
 *
 * <p>These functions have no trainable parameters: DL4J's {@code ActivationLayer} drops an activation's
 * parameter gradient, which is why PReLU is a {@code PReLULayer} and the rational a layer of its own.
 */
package io.rationalspark.layers.activations;
