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
 * parameter gradient, which is why PReLU and the rational are layers of their own. PReLU is
 * {@link io.rationalspark.layers.activations.ChannelPReLULayer} (one slope per channel, hand-written backprop)
 * rather than DL4J's {@code PReLULayer}, because the latter's backprop, libnd4j's {@code prelu_bp}, fails in
 * 1.0.0-M2.1 for any input longer than 64 times its alpha array: a dense layer's minibatch of 65, 2 sequences of
 * 33 steps, 2 examples on 6×6 feature maps.
 */
package io.rationalspark.layers.activations;
