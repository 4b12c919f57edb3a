package io.rationalspark.layers.activations;

import io.rationalspark.layers.LayerWiring;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * DL4J configuration of a PReLU layer with one trainable slope per channel (He et al. 2015, "Delving Deep into
 * Rectifiers"): y = x for x &gt; 0, y = α_c·x otherwise, where c is the channel (dimension 1) of the element.
 *
 * <p>Input of rank 2 [batch, size] (one slope per feature), 3 [batch, size, time] (NCW, slopes shared over time,
 * so any sequence length works) or 4 [batch, channels, height, width] (NCHW, slopes shared over height and width);
 * the output has the input's shape. Put it after a linear layer whose own activation is identity.
 *
 * <p>This replaces DL4J's {@code PReLULayer}, whose backprop runs libnd4j's {@code prelu_bp}: in 1.0.0-M2.1 that op
 * rejects any input longer than 64 times its alpha array ("the length of input array should be no more than
 * SD_MAX_RANK*2 times the alpha array length"), i.e. every minibatch with more than 64 values per slope
 * (examples × positions): a dense layer's minibatch of 65, 2 sequences of 33 steps, 2 examples on 6×6 maps (see
 * {@code Dl4jQuirksTest}). The slopes are parameter {@value ChannelPReLUParamInitializer#ALPHA} of shape
 * [1, channels], initialised to {@link #getInitialSlope()} ({@value FixedActivation#PRELU_INIT} unless set;
 * {@code weightInit} does not apply); they are never L1/L2-regularised. Dropout, when configured, applies to the
 * input as in DL4J's own activation layers.
 */
public class ChannelPReLULayer extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    private double initialSlope = FixedActivation.PRELU_INIT;

    /** For JSON deserialisation only. */
    public ChannelPReLULayer() {
    }

    private ChannelPReLULayer(Builder builder) {
        super(builder);
        this.initialSlope = builder.initialSlope;
        initializeConstraints(builder);
    }

    /** Number of channels (dimension 1 of the input), one slope each. */
    public long channels() {
        return getNIn();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners,
                                                       int layerIndex, INDArray layerParamsView,
                                                       boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new ChannelPReLULayerImpl(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }

    @Override
    public ParamInitializer initializer() {
        return ChannelPReLUParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        channelsOf(inputType);
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (getNIn() <= 0 || override) {
            long channels = channelsOf(inputType);
            setNIn(channels);
            setNOut(channels);
        }
    }

    private long channelsOf(InputType inputType) {
        return InputChannels.of(inputType, "prelu layer '" + getLayerName() + "'");
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null; // elementwise: any rank passes through unchanged
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return Collections.emptyList();
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long numParams = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(numParams);
        return new LayerMemoryReport.Builder(getLayerName(), ChannelPReLULayer.class, inputType, inputType)
                .standardMemory(numParams, updaterState)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    // ---- Jackson bean property ----

    /** The value every slope starts from (PyTorch's 0.25 unless set). */
    public double getInitialSlope() {
        return initialSlope;
    }

    public void setInitialSlope(double initialSlope) {
        this.initialSlope = initialSlope;
    }

    @Override
    public ChannelPReLULayer clone() {
        return (ChannelPReLULayer) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ChannelPReLULayer) || !super.equals(o)) {
            return false;
        }
        return Double.compare(initialSlope, ((ChannelPReLULayer) o).initialSlope) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), initialSlope);
    }

    @Override
    public String toString() {
        return "ChannelPReLULayer(" + getLayerName() + ", channels=" + getNIn() + ", initialSlope=" + initialSlope + ")";
    }

    /** Builds a {@link ChannelPReLULayer}; slopes start at {@link FixedActivation#PRELU_INIT} unless set. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private double initialSlope = FixedActivation.PRELU_INIT;

        /** The channel count, when the network's input type does not set it. */
        public Builder channels(long channels) {
            nIn(channels);
            nOut(channels);
            return this;
        }

        /** The value every slope starts from. */
        public Builder initialSlope(double initialSlope) {
            this.initialSlope = initialSlope;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ChannelPReLULayer build() {
            if (!Double.isFinite(initialSlope)) {
                throw new IllegalArgumentException("prelu.initialSlope must be finite, got " + initialSlope);
            }
            return new ChannelPReLULayer(this);
        }
    }
}
