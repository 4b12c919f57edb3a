package io.rationalspark.layers.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * The softmax arithmetic shared by the channel softmax family, along {@link #CHANNEL_AXIS} of an array of rank
 * ≥ 2. Every method overwrites its first argument and returns it; the upstream gradient is never modified.
 */
final class ChannelSoftmax {

    /** Dimension normalised over: channels in [batch, size], [batch, size, time] and NCHW layouts. */
    static final int CHANNEL_AXIS = 1;

    private ChannelSoftmax() {
    }

    static void requireChannels(String function, INDArray in) {
        if (in.rank() < 2) {
            throw new IllegalArgumentException(function + ": input must have rank >= 2 ([batch, channels, ...]), got shape "
                    + Arrays.toString(in.shape()));
        }
    }

    /** x ← x − max_c x: makes every exponent ≤ 0, so exp cannot overflow. */
    private static INDArray shiftByMax(INDArray x) {
        return x.subi(x.max(true, CHANNEL_AXIS));
    }

    /** x ← exp(x − max) / Σ_c exp(x − max). */
    static INDArray softmaxInPlace(INDArray x) {
        shiftByMax(x);
        Transforms.exp(x, false);
        return x.divi(x.sum(true, CHANNEL_AXIS));
    }

    /** x ← (x − max) − log Σ_c exp(x − max). */
    static INDArray logSoftmaxInPlace(INDArray x) {
        shiftByMax(x);
        INDArray logSumExp = Transforms.log(Transforms.exp(x, true).sum(true, CHANNEL_AXIS), false);
        return x.subi(logSumExp);
    }

    /** Given y = softmax(z) in {@code y} and g = dL/dy: y ← dL/dz = y ⊙ (g − Σ_c g ⊙ y). */
    static INDArray softmaxBackpropInPlace(INDArray y, INDArray g) {
        INDArray weighted = g.mul(y).sum(true, CHANNEL_AXIS);
        return y.muli(g.sub(weighted));
    }
}
