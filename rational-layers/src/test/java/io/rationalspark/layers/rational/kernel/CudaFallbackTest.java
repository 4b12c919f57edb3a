package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.cuda.CudaSupport;
import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the selection lands on the CUDA kernel and the GPU cannot run it, rational layers get the fused CPU kernel's
 * results and one warning per device. The GPUs are described, not present: the decision takes a probe.
 */
class CudaFallbackTest {

    private static final CudaSupport V100 = CudaSupport.check("Tesla V100-SXM2-16GB", 7, 0, () -> { });
    private static final CudaSupport H200 = CudaSupport.check("NVIDIA H200", 9, 0, () -> { });
    private static final CudaSupport NO_DRIVER = CudaSupport.noDevice("no CUDA driver: libcuda.so.1 is not installed");

    /** Stands in for the CUDA kernel: selectable, never run. */
    private static final RationalKernel CUDA = new RationalKernel() {
        @Override
        public String name() {
            return "cuda";
        }

        @Override
        public void forward(RationalCoefficients c, INDArray x, INDArray y) {
            throw new AssertionError("the CUDA kernel ran on a GPU that cannot run it");
        }

        @Override
        public CoefficientGradients backward(RationalCoefficients c, INDArray x, INDArray gradOut, INDArray gradIn) {
            throw new AssertionError("the CUDA kernel ran on a GPU that cannot run it");
        }
    };

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    private CudaFallback fallback(boolean cudaBackend, IntFunction<CudaSupport> probe) {
        return new CudaFallback(CUDA, cudaBackend, probe, warnings::add);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void aGpuTooOldForOurPtxGetsTheFusedCpuKernelsResults(DataType type) {
        RationalKernel kernel = fallback(true, o -> V100).kernelFor(0);
        assertNotSame(CUDA, kernel);
        assertEquals("fused-cpu-fallback", kernel.name());
        RationalCoefficients c = KernelEqualityTest.randomCoefficients(DenominatorForm.SAFE_ABS_TERMS, 2, 5, 4, 17);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4, 9).muli(4).subi(2).castTo(type);
        INDArray g = Nd4j.rand(DataType.DOUBLE, 3, 4, 9).castTo(type);

        INDArray y = x.ulike();
        INDArray yFused = x.ulike();
        INDArray yRef = Nd4j.create(DataType.DOUBLE, x.shape());
        kernel.forward(c, x, y);
        RationalKernels.fusedCpu().forward(c, x, yFused);
        RationalKernels.reference().forward(c, x.castTo(DataType.DOUBLE), yRef);
        assertArrayEquals(yFused.data().asDouble(), y.data().asDouble(), "y equals the fused CPU kernel's");
        KernelEqualityTest.assertClose("y", yRef, y, type == DataType.FLOAT ? 1e-5 : 1e-12);

        INDArray dx = x.ulike();
        INDArray dxFused = x.ulike();
        INDArray dxRef = Nd4j.create(DataType.DOUBLE, x.shape());
        CoefficientGradients sums = kernel.backward(c, x, g, dx);
        CoefficientGradients sumsFused = RationalKernels.fusedCpu().backward(c, x, g, dxFused);
        CoefficientGradients sumsRef = RationalKernels.reference().backward(c, x.castTo(DataType.DOUBLE),
                g.castTo(DataType.DOUBLE), dxRef);
        assertArrayEquals(dxFused.data().asDouble(), dx.data().asDouble(), "dL/dx equals the fused CPU kernel's");
        assertArrayEquals(sumsFused.numerator(), sums.numerator());
        assertArrayEquals(sumsFused.denominator(), sums.denominator());
        double tol = type == DataType.FLOAT ? 1e-5 : 1e-12;
        KernelEqualityTest.assertClose("dL/dx", dxRef, dx, tol);
        KernelEqualityTest.assertClose("dL/da", sumsRef.numerator(), sums.numerator(), tol, x.length());
        KernelEqualityTest.assertClose("dL/db", sumsRef.denominator(), sums.denominator(), tol, x.length());
    }

    @Test
    void theWarningIsLoggedOncePerDeviceHoweverManyCallsAndThreads() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        CudaFallback fallback = fallback(true, o -> {
            probes.incrementAndGet();
            return V100;
        });
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<RationalKernel>> chosen = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                chosen.add(threads.submit(() -> fallback.kernelFor(0)));
            }
            RationalKernel first = chosen.get(0).get();
            for (Future<RationalKernel> f : chosen) {
                assertSame(first, f.get());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals(1, probes.get(), "each device is checked once");
        fallback.kernelFor(1);
        fallback.kernelFor(1);
        assertEquals(2, warnings.size(), "a second device warns once more: " + warnings);
    }

    @Test
    void theWarningNamesTheDeviceTheGpuItsCapabilityAndTheReason() {
        fallback(false, o -> V100).kernelFor(2);
        assertEquals(List.of("Rational layers use the fused CPU kernel instead of the CUDA kernel on CUDA device 2:"
                + " Tesla V100-SXM2-16GB (compute capability 7.0) cannot run our kernels: their PTX targets sm_75 and"
                + " needs compute capability 7.5 or newer"), warnings);
    }

    @Test
    void aGpuThatRunsOurPtxKeepsTheCudaKernelWithoutAWarning() {
        assertSame(CUDA, fallback(true, o -> H200).kernelFor(0));
        assertSame(CUDA, fallback(false, o -> H200).kernelFor(0));
        assertEquals(List.of(), warnings);
    }

    @Test
    void withoutADriverTheCudaBackendFallsBackAndTheForcedKernelOnTheCpuBackendStays() {
        RationalKernel onCudaBackend = fallback(true, o -> NO_DRIVER).kernelFor(0);
        assertEquals("fused-cpu-fallback", onCudaBackend.name());
        assertEquals(List.of("Rational layers use the fused CPU kernel instead of the CUDA kernel on CUDA device 0:"
                + " no CUDA driver: libcuda.so.1 is not installed"), warnings);
        warnings.clear();
        assertSame(CUDA, fallback(false, o -> NO_DRIVER).kernelFor(0),
                "forced cuda on the CPU backend without a GPU must fail at its first use, not fall back");
        assertTrue(warnings.isEmpty(), warnings.toString());
    }
}
