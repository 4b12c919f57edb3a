package io.rationalspark.layers.activations;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softplus, elementwise, computed without overflow:
 * <pre>  f(x) = log(1 + exp(x)) = max(x, 0) + log1p(exp(−|x|)),   f'(x) = σ(x)</pre>
 * Replaces DL4J M2.1's {@code ActivationSoftPlus}, which evaluates log(1 + exp(x)) literally: its output is ∞ and
 * its gradient NaN for x above ≈ 88.7 in float (≈ 709.8 in double). Overwrites {@code in}, like DL4J's
 * activations.
 */
public class ActivationSoftplus extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return StableMath.softplusInPlace(in);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        Transforms.sigmoid(in, false);
        return new Pair<>(in.muli(epsilon), null);
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
        return "softplus";
    }
}
