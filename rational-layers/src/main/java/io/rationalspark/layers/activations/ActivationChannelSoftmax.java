package io.rationalspark.layers.activations;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax over the channel dimension (dimension 1) of an input of rank 2 [batch, size], 3 [batch, size, time]
 * or 4 [batch, channels, height, width]:
 * <pre>  y_c = exp(x_c − m) / Σ_k exp(x_k − m),   m = max_k x_k</pre>
 * Subtracting the maximum keeps it finite for any finite input. Backprop: dL/dx = y ⊙ (g − Σ_c g ⊙ y) with
 * g = dL/dy.
 *
 * <p>DL4J's {@code ActivationSoftmax} normalises rank-2 input over the last dimension only, which is time or
 * width, not channels, for sequence and image activations; this class is used for every rank instead.
 * Like DL4J's activations, {@link #getActivation} and {@link #backprop} overwrite {@code in}.
 */
public class ActivationChannelSoftmax extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        ChannelSoftmax.requireChannels("softmax", in);
        return ChannelSoftmax.softmaxInPlace(in);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        ChannelSoftmax.requireChannels("softmax", in);
        ChannelSoftmax.softmaxInPlace(in);
        return new Pair<>(ChannelSoftmax.softmaxBackpropInPlace(in, epsilon), null);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().getName().hashCode();
    }

    @Override
    public String toString() {
        return "softmax(axis=1)";
    }
}
