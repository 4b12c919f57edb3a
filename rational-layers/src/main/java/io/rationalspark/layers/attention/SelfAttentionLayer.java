package io.rationalspark.layers.attention;

import io.rationalspark.layers.LayerWiring;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Objects;

/**
 * DL4J configuration of a multi-head scaled dot-product self-attention layer with a residual connection, over
 * sequences in DL4J's recurrent NCW layout [batch, size, time]; the output has the input's shape:
 * <pre>
 *   y_t = m_t·(x_t + Woᵀ·concat_h(Σ_u softmax_u(q_t,h · k_u,h / √(size/heads)) v_u,h) + bo)
 * </pre>
 * with q, k, v linear projections of x (see {@link SelfAttention} for the full formula and its gradients) and m the
 * feature mask (masked keys get zero attention weight, masked queries output zero; the mask passes on unchanged).
 *
 * <p>Parameters ({@link SelfAttentionParamInitializer}): four [size, size] weights, initialised with the layer's
 * {@code weightInit} and regularised like any DL4J weight, and four [1, size] biases, initialised to
 * {@code biasInit} and regularised like biases. {@code size} must be divisible by {@code heads}. Dropout, when
 * configured, applies to the input, as in DL4J's dense layers.
 *
 * <p>Our own layer with hand-written backprop: DL4J's attention layers are SameDiff layers, broken in 1.0.0-M2.1.
 */
public class SelfAttentionLayer extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    private int heads = 1;

    /** For JSON deserialisation only. */
    public SelfAttentionLayer() {
    }

    private SelfAttentionLayer(Builder builder) {
        super(builder);
        this.heads = builder.heads;
        initializeConstraints(builder);
    }

    /**
     * Fails with a message naming both numbers unless {@code heads} ≥ 1 and {@code size} is divisible by it.
     *
     * @param layer what to call the layer in the message
     */
    public static void checkHeads(String layer, long size, int heads) {
        if (heads < 1) {
            throw new IllegalArgumentException(layer + ": heads must be >= 1, got " + heads);
        }
        if (size > 0 && size % heads != 0) {
            throw new IllegalArgumentException(layer + ": size " + size + " is not divisible by heads " + heads
                    + " (each head attends over size / heads dimensions)");
        }
    }

    /** The input and output size per position (dimension 1). */
    public long size() {
        return getNIn();
    }

    String displayName() {
        return "self-attention layer '" + (getLayerName() == null ? "" : getLayerName()) + "'";
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners,
                                                       int layerIndex, INDArray layerParamsView,
                                                       boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new SelfAttentionLayerImpl(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }

    @Override
    public ParamInitializer initializer() {
        return SelfAttentionParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        sizeOf(inputType);
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (getNIn() <= 0 || override) {
            long size = sizeOf(inputType);
            checkHeads(displayName(), size, heads);
            setNIn(size);
            setNOut(size);
        }
    }

    private long sizeOf(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent)) {
            throw new IllegalArgumentException(displayName() + ": expected recurrent input [batch, size, time], got "
                    + inputType);
        }
        InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) inputType;
        if (r.getFormat() != RNNFormat.NCW) {
            throw new IllegalArgumentException(displayName() + ": recurrent input must be NCW ([batch, size, time]), got "
                    + r.getFormat());
        }
        return r.getSize();
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        sizeOf(inputType);
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long numParams = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(numParams);
        return new LayerMemoryReport.Builder(getLayerName(), SelfAttentionLayer.class, inputType, inputType)
                .standardMemory(numParams, updaterState)
                .workingMemory(0, 0, MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    // ---- Jackson bean property ----

    /** Number of attention heads; the size is split evenly between them. */
    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }

    @Override
    public SelfAttentionLayer clone() {
        return (SelfAttentionLayer) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SelfAttentionLayer) || !super.equals(o)) {
            return false;
        }
        return heads == ((SelfAttentionLayer) o).heads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), heads);
    }

    @Override
    public String toString() {
        return "SelfAttentionLayer(" + getLayerName() + ", size=" + getNIn() + ", heads=" + heads + ")";
    }

    /** Builds a {@link SelfAttentionLayer}; one head unless set; the size comes from the input type unless set. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private int heads = 1;

        /** Number of attention heads; must divide the size. */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /** The size per position, when the network's input type does not set it. */
        public Builder size(long size) {
            nIn(size);
            nOut(size);
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SelfAttentionLayer build() {
            SelfAttentionLayer layer = new SelfAttentionLayer(this);
            checkHeads(layer.displayName(), layer.getNIn(), heads);
            return layer;
        }
    }
}
