package io.rationalspark.layers.activations;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmin over the channel dimension (dimension 1) of an input of rank 2, 3 or 4 (see
 * {@link ActivationChannelSoftmax}):
 * <pre>  y = softmax(−x),   y_c = exp(m − x_c) / Σ_k exp(m − x_k),   m = min_k x_k</pre>
 * Backprop: dL/dx = −y ⊙ (g − Σ_c g ⊙ y) with g = dL/dy. Overwrites {@code in}, like DL4J's activations.
 */
public class ActivationChannelSoftmin extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        ChannelSoftmax.requireChannels("softmin", in);
        return ChannelSoftmax.softmaxInPlace(in.negi());
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        ChannelSoftmax.requireChannels("softmin", in);
        ChannelSoftmax.softmaxInPlace(in.negi());
        return new Pair<>(ChannelSoftmax.softmaxBackpropInPlace(in, epsilon).negi(), null);
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
        return "softmin(axis=1)";
    }
}
