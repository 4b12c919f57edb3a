package io.rationalspark.layers.activations;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Mish (Misra 2019, "Mish: A Self Regularized Non-Monotonic Activation Function"), elementwise:
 * <pre>  f(x) = x tanh(softplus(x)),   f'(x) = tanh(softplus(x)) + x σ(x) (1 − tanh²(softplus(x)))</pre>
 * with the overflow-free softplus of {@link ActivationSoftplus}, so finite for every finite x. Replaces DL4J M2.1's
 * {@code ActivationMish}: that one passes gradient checks at moderate inputs, but its gradient is NaN for x above
 * ≈ 40 in float (≈ 355 in double). Overwrites {@code in}, like DL4J's activations.
 */
public class ActivationMish extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.muli(tanhSoftplus(in));
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray t = tanhSoftplus(in);
        INDArray oneMinusTSquared = t.mul(t).rsubi(1.0);
        in.muli(StableMath.sigmoid(in)).muli(oneMinusTSquared).addi(t);
        return new Pair<>(in.muli(epsilon), null);
    }

    /** A new array tanh(softplus(x)). */
    private static INDArray tanhSoftplus(INDArray x) {
        return Transforms.tanh(StableMath.softplusInPlace(x.dup()), false);
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
        return "mish";
    }
}
