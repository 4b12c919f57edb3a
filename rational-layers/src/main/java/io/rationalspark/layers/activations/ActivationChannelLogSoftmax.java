package io.rationalspark.layers.activations;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Log-softmax over the channel dimension (dimension 1) of an input of rank 2, 3 or 4 (see
 * {@link ActivationChannelSoftmax}):
 * <pre>  y_c = (x_c − m) − log Σ_k exp(x_k − m),   m = max_k x_k</pre>
 * computed without forming softmax, so it stays finite where softmax underflows to 0. Backprop:
 * dL/dx = g − softmax(x) ⊙ Σ_c g with g = dL/dy. Overwrites {@code in}, like DL4J's activations.
 */
public class ActivationChannelLogSoftmax extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        ChannelSoftmax.requireChannels("logsoftmax", in);
        return ChannelSoftmax.logSoftmaxInPlace(in);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        ChannelSoftmax.requireChannels("logsoftmax", in);
        ChannelSoftmax.softmaxInPlace(in);
        in.muli(epsilon.sum(true, ChannelSoftmax.CHANNEL_AXIS));
        return new Pair<>(in.rsubi(epsilon), null);
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
        return "logsoftmax(axis=1)";
    }
}
