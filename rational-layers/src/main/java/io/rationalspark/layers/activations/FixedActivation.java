package io.rationalspark.layers.activations;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The seed paper's 15 fixed activation baselines, each with its canonical name and the DL4J layer to append
 * after a linear layer (dense, convolution, recurrent) whose own activation is identity.
 *
 * <p>All but PReLU are parameter-free functions ({@link #function()}) put in an {@link ActivationLayer}.
 * PReLU has one trainable slope per channel (an {@code IActivation} cannot train parameters), so it is this
 * package's {@link ChannelPReLULayer}, for inputs of every rank. It is not DL4J's {@code PReLULayer}, whose
 * backprop (libnd4j's {@code prelu_bp}) fails in 1.0.0-M2.1 whenever a minibatch holds more than 64 values per
 * slope (examples × positions): a dense layer's minibatch of 65, or 2 examples on 6×6 feature maps (pinned in
 * {@code Dl4jQuirksTest}). Defaults follow PyTorch: LeakyReLU α = {@value #LEAKY_RELU_ALPHA},
 * ELU α = {@value #ELU_ALPHA}, CELU α = {@value #CELU_ALPHA}, PReLU slopes initialised to {@value #PRELU_INIT}.
 *
 * <p>Softmin, Softmax and LogSoftmax normalise over the channels (dimension 1); see
 * {@link ActivationChannelSoftmax}. Softplus, SiLU and Mish are this package's overflow-free versions, because
 * DL4J M2.1's give ∞ or NaN for inputs above ≈ 40–90 in float (see {@link ActivationSoftplus}); CELU,
 * LogSigmoid and the softmax family are missing from DL4J. The rest are DL4J's own functions.
 */
public enum FixedActivation {

    ELU("elu", () -> new ActivationELU(FixedActivation.ELU_ALPHA)),
    LEAKY_RELU("leakyrelu", () -> new ActivationLReLU(FixedActivation.LEAKY_RELU_ALPHA)),
    LOG_SIGMOID("logsigmoid", ActivationLogSigmoid::new),
    PRELU("prelu", null),
    RELU("relu", ActivationReLU::new),
    SELU("selu", ActivationSELU::new),
    CELU("celu", () -> new ActivationCELU(FixedActivation.CELU_ALPHA)),
    SIGMOID("sigmoid", ActivationSigmoid::new),
    SILU("silu", ActivationSiLU::new),
    MISH("mish", ActivationMish::new),
    SOFTPLUS("softplus", ActivationSoftplus::new),
    TANH("tanh", ActivationTanH::new),
    SOFTMIN("softmin", ActivationChannelSoftmin::new),
    SOFTMAX("softmax", ActivationChannelSoftmax::new),
    LOG_SOFTMAX("logsoftmax", ActivationChannelLogSoftmax::new);

    /** Negative slope of LeakyReLU (PyTorch's default). */
    public static final double LEAKY_RELU_ALPHA = 0.01;
    /**
     * α of ELU. Only 1.0 is offered: DL4J M2.1's {@code ActivationELU.backprop} ignores its α and always uses 1
     * (it calls {@code EluBp} without α).
     */
    public static final double ELU_ALPHA = 1.0;
    /** α of CELU (PyTorch's default). */
    public static final double CELU_ALPHA = ActivationCELU.DEFAULT_ALPHA;
    /** Initial value of every PReLU slope (PyTorch's default). */
    public static final double PRELU_INIT = 0.25;

    private final String canonicalName;
    private final Supplier<IActivation> function;

    FixedActivation(String canonicalName, Supplier<IActivation> function) {
        this.canonicalName = canonicalName;
        this.function = function;
    }

    /** The name used in configs and reports: lower case, no separators ({@code leakyrelu}, {@code logsoftmax}). */
    public String canonicalName() {
        return canonicalName;
    }

    /** A new instance of the parameter-free function; empty for PReLU, whose slopes are layer parameters. */
    public Optional<IActivation> function() {
        return function == null ? Optional.empty() : Optional.of(function.get());
    }

    /** True for Softmin, Softmax and LogSoftmax, which couple the channels (dimension 1) of one example. */
    public boolean normalisesChannels() {
        return this == SOFTMIN || this == SOFTMAX || this == LOG_SOFTMAX;
    }

    /**
     * The layer to append after a linear layer with identity activation whose output has type
     * {@code inputType}. The output type equals the input type.
     *
     * @throws IllegalArgumentException when the layer works per channel (PReLU, the softmax family) and the input
     *                                  type is not feed-forward, recurrent NCW or convolutional NCHW
     */
    public Layer layer(InputType inputType) {
        if (this == PRELU) {
            return preluLayer(inputType);
        }
        if (normalisesChannels()) {
            InputChannels.of(inputType, canonicalName);
        }
        return new ActivationLayer.Builder().activation(function.get()).build();
    }

    /**
     * One slope per channel (dimension 1), shared over time for recurrent input (so the time length need not be
     * known) and over height and width for convolutional input.
     */
    private ChannelPReLULayer preluLayer(InputType inputType) {
        long channels = InputChannels.of(inputType, canonicalName);
        return new ChannelPReLULayer.Builder().channels(channels).initialSlope(PRELU_INIT).build();
    }

    @Override
    public String toString() {
        return canonicalName;
    }
}
