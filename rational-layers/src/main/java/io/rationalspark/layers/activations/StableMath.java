package io.rationalspark.layers.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Overflow-free building blocks shared by the activations here. Each overwrites its argument and returns it. */
final class StableMath {

    private StableMath() {
    }

    /**
     * x ← softplus(x) = log(1 + exp(x)) = max(x, 0) + log1p(exp(−|x|)); exponentiates only non-positive numbers,
     * so it is finite for every finite x (DL4J's {@code SoftPlus} returns ∞ above ≈ 88.7 in float).
     */
    static INDArray softplusInPlace(INDArray x) {
        INDArray correction = Transforms.abs(x, true).negi();
        Transforms.exp(correction, false);
        Transforms.log1p(correction, false);
        Transforms.max(x, 0.0, false);
        return x.addi(correction);
    }

    /** A new array σ(x) = 1 / (1 + exp(−x)); ND4J's sigmoid saturates to 0 and 1 without NaN. */
    static INDArray sigmoid(INDArray x) {
        return Transforms.sigmoid(x, true);
    }
}
