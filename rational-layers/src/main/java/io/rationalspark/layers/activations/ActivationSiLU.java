package io.rationalspark.layers.activations;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * SiLU (Swish-1; Elfwing et al. 2018, Ramachandran et al. 2017), elementwise:
 * <pre>  f(x) = x σ(x),   f'(x) = σ(x) (1 + x σ(−x))</pre>
 * Both written with the saturating σ only, so finite for every finite x. Replaces DL4J M2.1's
 * {@code ActivationSwish}, whose gradient is NaN for x above ≈ 44 in float (≈ 355 in double). Overwrites
 * {@code in}, like DL4J's activations.
 */
public class ActivationSiLU extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.muli(StableMath.sigmoid(in));
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray sigmoid = StableMath.sigmoid(in);
        INDArray sigmoidOfNegative = Transforms.sigmoid(in.neg(), false);
        in.muli(sigmoidOfNegative).addi(1.0).muli(sigmoid);
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
        return "silu";
    }
}
