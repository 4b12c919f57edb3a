package io.rationalspark.layers.cuda;

/**
 * No usable CUDA GPU: the driver library ({@code libcuda.so.1}) cannot be loaded, the driver finds no device, the
 * requested device does not exist, or our kernels cannot run on it (see {@link CudaSupport}). The message names which.
 */
public final class CudaUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CudaUnavailableException(String message) {
        super(message);
    }

    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
