package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.cuda.CudaDevice;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Chooses the kernel rational layers use. By default the fused CPU kernel on ND4J's CPU backend and our CUDA kernel
 * on ND4J's CUDA backend; the system property {@value #PROPERTY} ({@code fused-cpu}, {@code cuda} or
 * {@code reference}) forces one, and {@link #use(RationalKernel)} overrides it within a scope (tests, benchmarks).
 *
 * <p>When the choice is the CUDA kernel but the calling thread's GPU cannot run it (compute capability below our
 * PTX's sm_75, or the driver rejects the PTX; on ND4J's CUDA backend also no driver or device), {@link #current()}
 * gives the fused CPU kernel instead and logs one warning per device ({@link CudaFallback}). Forcing {@code cuda} on
 * ND4J's CPU backend without a CUDA driver or device fails at the first use, naming which is missing.
 */
public final class RationalKernels {

    /** System property that forces a kernel: {@code fused-cpu}, {@code cuda} or {@code reference}. */
    public static final String PROPERTY = "rationalspark.kernel";

    private static final RationalKernel REFERENCE = new ReferenceRationalKernel();
    private static volatile RationalKernel fusedCpu;
    private static volatile RationalKernel override;
    private static volatile RationalKernel cuda;

    private RationalKernels() {
    }

    /** The ND4J-op reference kernel. */
    public static RationalKernel reference() {
        return REFERENCE;
    }

    /** The fused CPU kernel on all available processors (one shared instance). */
    public static RationalKernel fusedCpu() {
        RationalKernel k = fusedCpu;
        if (k == null) {
            synchronized (RationalKernels.class) {
                if (fusedCpu == null) {
                    fusedCpu = new FusedCpuRationalKernel();
                }
                k = fusedCpu;
            }
        }
        return k;
    }

    /**
     * Our CUDA kernel on the calling thread's GPU (one shared instance). Does not touch the GPU until used; see
     * {@link CudaRationalKernel#requireDevice()} to fail early.
     */
    public static RationalKernel cuda() {
        RationalKernel k = cuda;
        if (k == null) {
            synchronized (RationalKernels.class) {
                if (cuda == null) {
                    cuda = new CudaRationalKernel();
                }
                k = cuda;
            }
        }
        return k;
    }

    /** The kernel in force now: the override, else the selection, with the CUDA kernel's fallback applied. */
    public static RationalKernel current() {
        RationalKernel o = override;
        if (o != null) {
            return o;
        }
        RationalKernel selected = selected();
        return selected == cuda() ? Fallback.INSTANCE.kernelFor(CudaDevice.currentOrdinal()) : selected;
    }

    /** The forced kernel, else the backend's default. */
    private static RationalKernel selected() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return byName(forced);
        }
        if (isCpuBackend()) {
            return fusedCpu();
        }
        return Nd4jCudaBuffers.isCudaBackend() ? cuda() : REFERENCE;
    }

    /** {@code fused-cpu}, {@code cuda} or {@code reference}. */
    public static RationalKernel byName(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "fused-cpu": return fusedCpu();
            case "cuda": return cuda();
            case "reference": case "reference-nd4j": return REFERENCE;
            default:
                throw new IllegalArgumentException(PROPERTY + ": unknown rational kernel '" + name
                        + "'; expected fused-cpu, cuda or reference");
        }
    }

    /** Uses {@code kernel} until the returned scope is closed. */
    public static Scope use(RationalKernel kernel) {
        RationalKernel previous = override;
        override = kernel;
        return () -> override = previous;
    }

    /** The JVM's one fallback decision per device. */
    private static final class Fallback {
        static final CudaFallback INSTANCE = new CudaFallback(cuda(), Nd4jCudaBuffers.isCudaBackend(),
                CudaDevice::support, LoggerFactory.getLogger(RationalKernels.class)::warn);
    }

    /** Restores the previous kernel choice. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    static boolean isCpuBackend() {
        String backend = Nd4j.getBackend().getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return backend.contains("cpu") || backend.contains("native");
    }
}
