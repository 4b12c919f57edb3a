package io.rationalspark.layers.activations;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * LogSigmoid, elementwise:
 * <pre>  f(x) = log σ(x) = −softplus(−x) = min(x, 0) − log1p(exp(−|x|))</pre>
 * The last form never exponentiates a positive number, so it is finite for every finite x (≈ x for x ≪ 0,
 * ≈ 0 for x ≫ 0). Derivative: f'(x) = 1 − σ(x) = σ(−x). Overwrites {@code in}, like DL4J's activations.
 */
public class ActivationLogSigmoid extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return StableMath.softplusInPlace(in.negi()).negi();
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        Transforms.sigmoid(in.negi(), false);
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
        return "logsigmoid";
    }
}
