package io.rationalspark.layers.activations;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * CELU (Barron 2017, "Continuously Differentiable Exponential Linear Units"), elementwise with α &gt; 0:
 * <pre>  f(x) = x                  for x &gt; 0
 *  f(x) = α (exp(x/α) − 1)   for x ≤ 0</pre>
 * computed as max(x, 0) + α·expm1(min(x, 0)/α), which never exponentiates a positive number. Derivative:
 * f'(x) = exp(min(x, 0)/α) (1 for x &gt; 0). With α = 1 it equals ELU(1). Overwrites {@code in}, like DL4J's
 * activations.
 */
public class ActivationCELU extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    /** PyTorch's default α. */
    public static final double DEFAULT_ALPHA = 1.0;

    private double alpha;

    public ActivationCELU() {
        this(DEFAULT_ALPHA);
    }

    public ActivationCELU(double alpha) {
        setAlpha(alpha);
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray negativePart = Transforms.min(in, 0.0, true).divi(alpha);
        Transforms.expm1(negativePart, false).muli(alpha);
        Transforms.max(in, 0.0, false);
        return in.addi(negativePart);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        Transforms.min(in, 0.0, false).divi(alpha);
        Transforms.exp(in, false);
        return new Pair<>(in.muli(epsilon), null);
    }

    public double getAlpha() {
        return alpha;
    }

    /** @throws IllegalArgumentException unless α is finite and &gt; 0 (CELU divides by α) */
    public void setAlpha(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("celu.alpha must be finite and > 0, got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Double.compare(alpha, ((ActivationCELU) o).alpha) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * getClass().getName().hashCode() + Double.hashCode(alpha);
    }

    @Override
    public String toString() {
        return "celu(alpha=" + alpha + ")";
    }
}
