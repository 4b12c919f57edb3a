package io.rationalspark.layers.rational.kernel;

import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;

/**
 * Chooses the kernel rational layers use. By default the fused CPU kernel on ND4J's CPU backend and our CUDA kernel
 * on ND4J's CUDA backend; the system property {@value #PROPERTY} ({@code fused-cpu}, {@code cuda} or
 * {@code reference}) forces one, and {@link #use(RationalKernel)} overrides it within a scope (tests, benchmarks).
 * Forcing {@code cuda} without a CUDA driver or device fails at the first use, naming which is missing.
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

    /** The kernel in force now. */
    public static RationalKernel current() {
        RationalKernel o = override;
        if (o != null) {
            return o;
        }
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
