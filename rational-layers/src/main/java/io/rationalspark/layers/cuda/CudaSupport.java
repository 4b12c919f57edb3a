package io.rationalspark.layers.cuda;

import jcuda.CudaException;

import java.util.Objects;

/**
 * Whether our kernels can run on a CUDA device, and why not: the device is missing, its compute capability is below
 * the PTX's target ({@value RationalPtx#TARGET}), or the driver cannot load the PTX module. {@link #check} decides from
 * the device's name and compute capability and the outcome of loading the module, so it is testable without a GPU.
 *
 * @param kind   the verdict
 * @param reason one sentence for logs and exceptions: what the device is and, when it is not usable, why
 */
public record CudaSupport(Kind kind, String reason) {

    /** The verdicts. */
    public enum Kind {
        /** Capability at least {@value RationalPtx#TARGET} and the PTX module loaded. */
        USABLE,
        /** No driver, no GPU, or no device with the requested ordinal. */
        NO_DEVICE,
        /** Compute capability below {@value RationalPtx#TARGET}; the module is not loaded. */
        CAPABILITY_TOO_LOW,
        /** The driver rejected the PTX module. */
        MODULE_NOT_LOADED
    }

    public CudaSupport {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The verdict for the GPU {@code name} of compute capability {@code major.minor}: too old below
     * {@value RationalPtx#TARGET} (without calling {@code loadModule}), else usable when {@code loadModule} returns
     * and not when it throws a {@link CudaException}.
     */
    public static CudaSupport check(String name, int major, int minor, Runnable loadModule) {
        String device = name + " (compute capability " + major + "." + minor + ")";
        if (major < RationalPtx.TARGET_MAJOR || major == RationalPtx.TARGET_MAJOR && minor < RationalPtx.TARGET_MINOR) {
            return new CudaSupport(Kind.CAPABILITY_TOO_LOW, device + " cannot run our kernels: their PTX targets "
                    + RationalPtx.TARGET + " and needs compute capability " + RationalPtx.TARGET_MAJOR + "."
                    + RationalPtx.TARGET_MINOR + " or newer");
        }
        try {
            loadModule.run();
        } catch (CudaException e) {
            return new CudaSupport(Kind.MODULE_NOT_LOADED, device + " cannot load our PTX (" + RationalPtx.RESOURCE
                    + ", " + RationalPtx.TARGET + ", PTX ISA " + RationalPtx.ISA_VERSION + "): " + e.getMessage()
                    + "; the driver may be older than CUDA 10");
        }
        return new CudaSupport(Kind.USABLE, device + " runs our " + RationalPtx.TARGET + " PTX");
    }

    /** No device to check: {@code reason} says which of driver, GPU or ordinal is missing. */
    public static CudaSupport noDevice(String reason) {
        return new CudaSupport(Kind.NO_DEVICE, reason);
    }

    public boolean usable() {
        return kind == Kind.USABLE;
    }
}
