package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.RationalCoefficients;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluates a rational activation elementwise, and its backward pass.
 *
 * <p>Contract for every implementation: {@code x} has rank &ge; 2 with channels on dimension 1, which are
 * split into {@code coefficients.sets()} equal groups of consecutive channels; all arrays passed together
 * have the same shape and the same floating-point data type (FLOAT or DOUBLE). Kernels never modify
 * {@code x}, {@code gradOut} or the coefficients.
 */
public interface RationalKernel {

    /** A short name for logs and benchmarks. */
    String name();

    /** y = R(x). */
    void forward(RationalCoefficients coefficients, INDArray x, INDArray y);

    /**
     * Writes dL/dx = gradOut · R'(x) into {@code gradIn} and returns dL/da and dL/db summed over all
     * elements of each coefficient set, in double.
     */
    CoefficientGradients backward(RationalCoefficients coefficients, INDArray x, INDArray gradOut, INDArray gradIn);
}
