package io.rationalspark.layers.cuda;

import io.rationalspark.layers.cuda.check.KernelCorrectnessAccess;
import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.RationalFunction;
import io.rationalspark.layers.rational.kernel.CoefficientGradients;
import io.rationalspark.layers.rational.kernel.RationalKernel;
import io.rationalspark.layers.rational.kernel.RationalKernels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA kernels on a real GPU: every form × sharing × layout against the scalar reference (the same cases as the
 * device check), and the ND4J adapter against the fused CPU kernel. Skips, with the reason, without a CUDA device or on
 * a GPU older than our PTX's sm_75; a GPU whose driver rejects the PTX fails.
 */
class CudaKernelGpuTest {

    @BeforeEach
    void requireGpu() {
        assumeTrue(CudaDevice.isAvailable(), () -> "no CUDA GPU, GPU tests skipped: " + CudaDevice.unavailableReason());
        CudaSupport support = CudaDevice.support(0);
        assumeTrue(support.kind() != CudaSupport.Kind.CAPABILITY_TOO_LOW, () -> "GPU tests skipped: " + support.reason());
    }

    @Test
    void matchesTheScalarReferenceInEveryCase() {
        List<String> failures = KernelCorrectnessAccess.failures(RationalCuda.onDevice(0));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void ndArrayAdapterMatchesTheFusedCpuKernel() {
        RationalKernel cuda = RationalKernels.cuda();
        RationalKernel cpu = RationalKernels.fusedCpu();
        RationalFunction f = new RationalFunction(DenominatorForm.SAFE_ABS_POLYNOMIAL, new double[] {0.1, 0.9, 0.3, 0.02},
                new double[] {0.4, 0.1});
        for (char order : new char[] {'c', 'f'}) {
            RationalCoefficients c = RationalCoefficients.repeated(f, 6);
            INDArray x = Nd4j.rand(DataType.DOUBLE, order, 5, 6, 7).subi(0.5).muli(4);
            INDArray g = Nd4j.rand(DataType.DOUBLE, order, 5, 6, 7);
            INDArray y1 = x.ulike();
            INDArray y2 = x.ulike();
            cuda.forward(c, x, y1);
            cpu.forward(c, x, y2);
            assertArrayEquals(y2.data().asDouble(), y1.data().asDouble(), 1e-12);
            INDArray d1 = x.ulike();
            INDArray d2 = x.ulike();
            CoefficientGradients s1 = cuda.backward(c, x, g, d1);
            CoefficientGradients s2 = cpu.backward(c, x, g, d2);
            assertArrayEquals(d2.data().asDouble(), d1.data().asDouble(), 1e-12);
            assertArrayEquals(s2.numerator(), s1.numerator(), 1e-9);
            assertArrayEquals(s2.denominator(), s1.denominator(), 1e-9);
        }
        assertEquals("cuda", cuda.name());
    }
}
