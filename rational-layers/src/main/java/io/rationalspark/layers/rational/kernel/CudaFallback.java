package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.cuda.CudaSupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Where the kernel selection lands on the CUDA kernel: the CUDA kernel on a device that can run it, else the fused
 * CPU kernel ({@link HostFallbackKernel}), with one warning per device. Decided once per device ordinal.
 *
 * <p>Falls back when the GPU is too old for our PTX or the driver rejects the PTX; and, with ND4J's CUDA backend,
 * when there is no driver or device. With ND4J's CPU backend and no device (the CUDA kernel forced on a machine
 * without a GPU) it keeps the CUDA kernel, which fails at its first use naming what is missing.
 */
final class CudaFallback {

    private final RationalKernel cuda;
    private final RationalKernel fallback = new HostFallbackKernel(RationalKernels.fusedCpu());
    private final boolean cudaBackend;
    private final IntFunction<CudaSupport> probe;
    private final Consumer<String> warnings;
    private final Map<Integer, RationalKernel> byDevice = new ConcurrentHashMap<>();

    /**
     * @param cuda        the CUDA kernel
     * @param cudaBackend whether ND4J runs on its CUDA backend
     * @param probe       whether our kernels can run on a device ordinal, and why not
     * @param warnings    where the warnings go
     */
    CudaFallback(RationalKernel cuda, boolean cudaBackend, IntFunction<CudaSupport> probe, Consumer<String> warnings) {
        this.cuda = cuda;
        this.cudaBackend = cudaBackend;
        this.probe = probe;
        this.warnings = warnings;
    }

    /** The kernel for device {@code ordinal}. */
    RationalKernel kernelFor(int ordinal) {
        return byDevice.computeIfAbsent(ordinal, this::decide);
    }

    private RationalKernel decide(int ordinal) {
        CudaSupport support = probe.apply(ordinal);
        if (support.usable() || support.kind() == CudaSupport.Kind.NO_DEVICE && !cudaBackend) {
            return cuda;
        }
        warnings.accept(warning(ordinal, support));
        return fallback;
    }

    static String warning(int ordinal, CudaSupport support) {
        return "Rational layers use the fused CPU kernel instead of the CUDA kernel on CUDA device " + ordinal + ": "
                + support.reason();
    }
}
